/**
 * Builds the moderation model that ships with Guild, `shipped/guild-default.model`:
 *
 *   npx tsx src/moderation/model/build-shipped-model.ts [--skip-evaluation]
 *
 * 1. Trains the same recipe on the train side of the fixed 80/20 split of hate-offensive and
 *    youtube-spam (plus the seed sentences) and measures it on the test side; those figures are
 *    stored in the model as its evaluation.
 * 2. Trains on ALL rows of both data sets plus the seed sentences.
 * 3. Runs the identity-term bias check and refuses to write a model that fails it.
 *
 * The output is deterministic: the creation time is fixed (SOURCE_DATE_EPOCH overrides it), so
 * the same code and data give the same file. Needs ../shared/data beside the checkout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { biasCheck } from './bias.js';
import { serializeModel } from './classifier.js';
import {
  SPLIT_RULE,
  SHARED_DATA_DIR,
  loadHateOffensive,
  loadYoutubeSpam,
  publicDataPresent,
  splitRows,
} from './datasets.js';
import type { HeadMetrics } from './metrics.js';
import type { LabelledRow } from './model.types.js';
import { seedExamples } from './seed-examples.js';
import { SHIPPED_MODEL_SOURCE_PATH } from './shipped.js';
import { evaluateModel, trainModel } from './training.js';

/** The shipped version's name; bump it when the recipe or the data changes. */
const SHIPPED_VERSION = 'guild-default-1';

/** Fixed creation time of the shipped version, so the file is reproducible. */
const CREATED_AT = '2026-12-04T00:00:00.000Z';

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function createdAt(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000).toISOString() : CREATED_AT;
}

function summary(metrics: Record<string, HeadMetrics>): string {
  return Object.entries(metrics)
    .map(
      ([head, m]) =>
        `  ${head.padEnd(6)} n=${m.n} auc=${m.auc.toFixed(4)} balanced=${m.balancedAccuracy.toFixed(4)} ` +
        `precision=${m.precision.toFixed(3)} recall=${m.recall.toFixed(3)} threshold=${m.threshold.toFixed(3)}`,
    )
    .join('\n');
}

function main(): void {
  if (!publicDataPresent()) {
    log(`The public data sets are missing under ${SHARED_DATA_DIR}; cannot build the model.`);
    process.exit(1);
  }
  const hate = loadHateOffensive();
  const spam = loadYoutubeSpam();
  const seeds = seedExamples();
  let evaluation: Record<string, HeadMetrics> | undefined;

  if (!process.argv.includes('--skip-evaluation')) {
    log('evaluating the recipe on the fixed split (train on 80 %, measure on 20 %)…');
    const hateSplit = splitRows(hate);
    const spamSplit = splitRows(spam);
    const heldOut = trainModel([...hateSplit.train, ...spamSplit.train, ...seeds], {
      version: `${SHIPPED_VERSION}-split`,
      createdAt: createdAt(),
      splitRule: SPLIT_RULE,
    });
    evaluation = evaluateModel(heldOut, [...hateSplit.test, ...spamSplit.test]);
    log(summary(evaluation));
  }

  log('training on all rows…');
  const rows: LabelledRow[] = [...hate, ...spam, ...seeds];
  const model = trainModel(rows, {
    version: SHIPPED_VERSION,
    createdAt: createdAt(),
    splitRule: 'all rows of hate-offensive and youtube-spam, and every seed sentence',
    onProgress: log,
  });
  if (evaluation) {
    model.meta.evaluation = evaluation;
    model.meta.evaluationNote =
      'the same recipe trained on the train side of the fixed split (plus seeds) and measured ' +
      `on the test side; split rule: ${SPLIT_RULE}`;
  }
  log('out-of-fold figures on the training rows:');
  log(summary(model.meta.metrics));

  const bias = biasCheck(model);
  log(`bias check: ${bias.passed ? 'passed' : 'FAILED'}, largest gap ${bias.maxGap.toFixed(4)}`);
  if (!bias.passed) {
    for (const pair of bias.worst) {
      log(
        `  ${pair.gap.toFixed(3)} ${pair.scoreA.toFixed(3)} "${pair.a}" / ${pair.scoreB.toFixed(3)} "${pair.b}"`,
      );
    }
    log('not writing a model that fails the bias check');
    process.exit(1);
  }

  const bytes = serializeModel(model);
  mkdirSync(path.dirname(SHIPPED_MODEL_SOURCE_PATH), { recursive: true });
  writeFileSync(SHIPPED_MODEL_SOURCE_PATH, bytes);
  log(`wrote ${SHIPPED_MODEL_SOURCE_PATH} (${bytes.length.toLocaleString('en')} bytes)`);
}

// Only when run as a script, never as a side effect of an import.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
