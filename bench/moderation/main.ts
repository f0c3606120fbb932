/**
 * `npm run bench -- moderation`: the quality and speed of Guild's local moderation.
 *
 * Quality: Guild's model is trained on the train side (80 %) of the fixed split of
 * hate-offensive and youtube-spam, plus Guild's seed sentences, and measured on the test side
 * (20 %): ROC-AUC, balanced accuracy, precision, recall and F1 of the `toxic` head (offensive or
 * hate vs neither) on hate-offensive and of the `spam` head on youtube-spam. The npm keyword
 * filters obscenity, bad-words and leo-profanity are measured on the same test texts, their
 * yes/no verdict taken as the score.
 *
 * Speed: the whole local pipeline (`analyse` from src/moderation/analyse.ts, with the shipped
 * model) on every test text of both data sets, one at a time on one core: p50/p95/p99 latency
 * and items per second. When that pipeline cannot be loaded, normalise + featurise + score of
 * the model alone is timed instead, and the output says so.
 *
 * Targets: toxic ROC-AUC >= 0.98 and balanced accuracy >= 0.93; spam ROC-AUC >= 0.97;
 * p95 <= 5 ms; >= 1,000 items/s. Stdout holds the tables and, as its last line, one JSON object;
 * progress goes to stderr. Needs ../shared/data beside the checkout.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ModerationModel } from '../../src/moderation/model/classifier.js';
import {
  SHARED_DATA_DIR,
  SPLIT_RULE,
  loadHateOffensive,
  loadYoutubeSpam,
  publicDataPresent,
  splitRows,
} from '../../src/moderation/model/datasets.js';
import { featurizerFor } from '../../src/moderation/model/features.js';
import { headMetrics, type HeadMetrics } from '../../src/moderation/model/metrics.js';
import type { LabelledRow } from '../../src/moderation/model/model.types.js';
import { prepare } from '../../src/moderation/model/prepare.js';
import { seedExamples } from '../../src/moderation/model/seed-examples.js';
import { evaluateModel, trainModel } from '../../src/moderation/model/training.js';
import { keywordBaselines } from './baselines.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ANALYSE_FILE = path.join(repoRoot, 'src/moderation/analyse.ts');

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

const round = (value: number, digits = 4) =>
  Number.isFinite(value) ? Number(value.toFixed(digits)) : null;

/** One row of the quality table: a scorer's figures on both data sets. */
interface QualityRow {
  name: string;
  key: string;
  toxicity: HeadMetrics;
  spam: HeadMetrics;
}

/** Figures of a scorer that gives one number per text, flagged at `threshold`. */
function measure(
  rows: readonly LabelledRow[],
  head: string,
  score: (text: string) => number,
  threshold: number,
): HeadMetrics {
  const labels = rows.map((row) => row.labels[head]!);
  const scores = rows.map((row) => score(row.text));
  return headMetrics(labels, scores, threshold);
}

function cells(m: HeadMetrics): string[] {
  return [m.auc, m.balancedAccuracy, m.precision, m.recall, m.f1].map((v) =>
    Number.isFinite(v) ? v.toFixed(4) : '  n/a ',
  );
}

function printQuality(rows: QualityRow[], hateRow: HeadMetrics): void {
  const names = ['AUC', 'bal.acc', 'prec', 'recall', 'F1'];
  const hateName = 'Guild model, hate head';
  const width = Math.max(...rows.map((row) => row.name.length), hateName.length);
  const block = (values: string[]) => values.map((v) => v.padStart(7)).join(' ');
  console.log(
    `${''.padEnd(width)}  ${'hate-offensive: toxic (offensive or hate)'.padEnd(39)}` +
      `   youtube-spam: spam`,
  );
  console.log(`${'scorer'.padEnd(width)}  ${block(names)}   ${block(names)}`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(width)}  ${block(cells(row.toxicity))}   ${block(cells(row.spam))}`,
    );
  }
  console.log(
    `${hateName.padEnd(width)}  ${block(cells(hateRow))}   (hate vs the rest, hate-offensive)`,
  );
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** The pipeline to time: `analyse` when it loads, otherwise the model alone. */
async function pipelineUnderTest(
  model: ModerationModel,
): Promise<{ run: (text: string) => unknown; whole: boolean; note: string }> {
  if (existsSync(ANALYSE_FILE)) {
    try {
      const module = (await import(pathToFileURL(ANALYSE_FILE).href)) as Record<string, unknown>;
      const analyse = module.analyse;
      if (typeof analyse === 'function') {
        const run = analyse as (text: string) => unknown;
        run('warm-up text');
        return {
          run,
          whole: true,
          note: 'whole local pipeline: analyse() from src/moderation/analyse.ts',
        };
      }
      progress('src/moderation/analyse.ts does not export analyse(text)');
    } catch (error) {
      progress(`src/moderation/analyse.ts could not be loaded: ${(error as Error).message}`);
    }
  }
  return {
    run: (text: string) => model.score(text),
    whole: false,
    note:
      'model only: normalise (local fallback) + featurise + score; the rest of the pipeline ' +
      '(analyse from src/moderation/analyse.ts) was NOT included',
  };
}

/** Times one call per text; returns per-item latencies (ms, sorted) and the wall time. */
function timeEach(texts: readonly string[], run: (text: string) => unknown) {
  // Warm up the JIT and any caches on a slice of the texts first.
  for (const text of texts.slice(0, 500)) {
    run(text);
  }
  const latencies = new Float64Array(texts.length);
  const began = performance.now();
  for (let i = 0; i < texts.length; i++) {
    const start = performance.now();
    run(texts[i]!);
    latencies[i] = performance.now() - start;
  }
  const wall = performance.now() - began;
  latencies.sort();
  return { latencies, wall };
}

/** Average time to featurise one 500-character text, in microseconds. */
function featurise500(model: ModerationModel): number {
  const text = prepare(
    'The delivery was late again and the support team never answered, but the cocktail dress ' +
      'fits well and the colour is lovely. Would you recommend the navy or the emerald one? ',
  )
    .repeat(4)
    .slice(0, 500);
  const featurizer = featurizerFor(model.meta.features);
  for (let i = 0; i < 2000; i++) {
    featurizer.featurize(text);
  }
  const runs = 20_000;
  const began = performance.now();
  for (let i = 0; i < runs; i++) {
    featurizer.featurize(text);
  }
  return ((performance.now() - began) / runs) * 1000;
}

async function main(): Promise<void> {
  if (!publicDataPresent()) {
    progress(`skipped: the public data sets are absent under ${SHARED_DATA_DIR}`);
    console.log(JSON.stringify({ skipped: 'hate-offensive or youtube-spam data absent' }));
    return;
  }
  progress('loading hate-offensive and youtube-spam…');
  const hate = splitRows(loadHateOffensive());
  const spam = splitRows(loadYoutubeSpam());

  progress('training Guild’s model on the 80 % side (plus seed sentences)…');
  const trainingBegan = performance.now();
  const model = trainModel([...hate.train, ...spam.train, ...seedExamples()], {
    version: 'bench',
    createdAt: new Date(0).toISOString(),
    splitRule: SPLIT_RULE,
  });
  const trainingSeconds = (performance.now() - trainingBegan) / 1000;
  const guildHate = evaluateModel(model, hate.test);
  const guildSpam = evaluateModel(model, spam.test);

  progress('scoring the keyword filters…');
  const rows: QualityRow[] = [
    { name: 'Guild model', key: 'guild', toxicity: guildHate.toxic!, spam: guildSpam.spam! },
  ];
  for (const baseline of keywordBaselines()) {
    rows.push({
      name: baseline.name,
      key: baseline.key,
      toxicity: measure(hate.test, 'toxic', baseline.score, 0.5),
      spam: measure(spam.test, 'spam', baseline.score, 0.5),
    });
  }

  console.log(
    `Quality on the fixed test split (${hate.test.length} tweets, ${spam.test.length} comments); ` +
      `Guild trained on ${hate.train.length} + ${spam.train.length} rows and seeds ` +
      `in ${trainingSeconds.toFixed(1)} s`,
  );
  printQuality(rows, guildHate.hate!);
  const thresholds = model.thresholds;
  console.log(
    `Guild thresholds (chosen out of fold on the training rows): ` +
      Object.entries(thresholds)
        .map(([head, value]) => `${head} ${value.toFixed(3)}`)
        .join(', '),
  );

  progress('timing the pipeline…');
  const texts = [...hate.test, ...spam.test].map((row) => row.text);
  const pipeline = await pipelineUnderTest(model);
  const { latencies, wall } = timeEach(texts, pipeline.run);
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  const p99 = percentile(latencies, 99);
  const itemsPerSecond = texts.length / (wall / 1000);
  const featureMicros = featurise500(model);

  console.log('');
  console.log(`Latency per item, ${texts.length} test texts, one at a time on one core`);
  console.log(`  ${pipeline.note}`);
  const speed: [string, string][] = [
    ['p50 (ms)', p50.toFixed(3)],
    ['p95 (ms)', p95.toFixed(3)],
    ['p99 (ms)', p99.toFixed(3)],
    ['items/s', Math.round(itemsPerSecond).toLocaleString('en')],
    ['featurise one 500-character text (µs)', featureMicros.toFixed(1)],
  ];
  for (const [label, value] of speed) {
    console.log(`  ${label.padEnd(40)} ${value}`);
  }

  const toxic = guildHate.toxic!;
  const spamMetrics = guildSpam.spam!;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `Targets: toxic AUC >= 0.98: ${toxic.auc.toFixed(4)} ${met(toxic.auc >= 0.98)}; ` +
      `toxic balanced accuracy >= 0.93: ${toxic.balancedAccuracy.toFixed(4)} ${met(toxic.balancedAccuracy >= 0.93)}; ` +
      `spam AUC >= 0.97: ${spamMetrics.auc.toFixed(4)} ${met(spamMetrics.auc >= 0.97)}; ` +
      `p95 <= 5 ms: ${p95.toFixed(3)} ${met(p95 <= 5)}; ` +
      `>= 1,000 items/s: ${Math.round(itemsPerSecond)} ${met(itemsPerSecond >= 1000)}`,
  );

  const figures: Record<string, unknown> = {
    toxicity_auc: round(toxic.auc),
    toxicity_balanced_accuracy: round(toxic.balancedAccuracy),
    toxicity_precision: round(toxic.precision),
    toxicity_recall: round(toxic.recall),
    toxicity_f1: round(toxic.f1),
    hate_auc: round(guildHate.hate!.auc),
    hate_balanced_accuracy: round(guildHate.hate!.balancedAccuracy),
    spam_auc: round(spamMetrics.auc),
    spam_balanced_accuracy: round(spamMetrics.balancedAccuracy),
    spam_precision: round(spamMetrics.precision),
    spam_recall: round(spamMetrics.recall),
    spam_f1: round(spamMetrics.f1),
    p50_ms: round(p50),
    p95_ms: round(p95),
    p99_ms: round(p99),
    items_per_s: Math.round(itemsPerSecond),
    featurise_500_chars_us: round(featureMicros, 1),
    pipeline: pipeline.whole ? 'analyse' : 'model_only',
    training_seconds: round(trainingSeconds, 1),
  };
  for (const row of rows.slice(1)) {
    for (const [name, m] of [
      ['toxicity', row.toxicity],
      ['spam', row.spam],
    ] as const) {
      figures[`baseline_${row.key}_${name}_auc`] = round(m.auc);
      figures[`baseline_${row.key}_${name}_balanced_accuracy`] = round(m.balancedAccuracy);
      figures[`baseline_${row.key}_${name}_precision`] = round(m.precision);
      figures[`baseline_${row.key}_${name}_recall`] = round(m.recall);
      figures[`baseline_${row.key}_${name}_f1`] = round(m.f1);
    }
  }
  console.log(JSON.stringify(figures));
}

await main();
