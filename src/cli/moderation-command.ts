/**
 * `guild moderation …`: check a text with the local pipeline, import labelled rows, train a
 * candidate model version from a community's labels, evaluate a version, and promote one —
 * the same services the API and the admin pages use.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../core/config/config.js';
import { openDatabase, type Database } from '../core/db/database.js';
import { migrate } from '../core/db/migrate.js';
import { analyse } from '../moderation/analyse.js';
import { deserializeModel } from '../moderation/model/classifier.js';
import {
  loadHateOffensive,
  loadYoutubeSpam,
  publicDataPresent,
  readLabelledCsvFile,
  splitRows,
} from '../moderation/model/datasets.js';
import type { HeadMetrics } from '../moderation/model/metrics.js';
import { loadShippedModel } from '../moderation/model/shipped.js';
import { evaluateModel } from '../moderation/model/training.js';
import { decide, DEFAULT_POLICY } from '../moderation/policy.js';
import {
  biasFailure,
  importLabels,
  LiveModels,
  promoteModel,
  trainTenantModel,
} from '../moderation/models.service.js';
import { moderationModels } from '../moderation/moderation.table.js';
import { eq } from 'drizzle-orm';

async function withTenant<T>(slug: string, work: (db: Database, tenantId: string) => Promise<T>) {
  const db = openDatabase(loadConfig().database);
  try {
    await migrate(db);
    const [row] = await db.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [slug]);
    if (!row) {
      throw new InvalidArgumentError(`No tenant "${slug}".`);
    }
    return await work(db, row.id);
  } finally {
    await db.close();
  }
}

const pct = (value: number | null | undefined) =>
  value === undefined || value === null || Number.isNaN(value) ? '—' : value.toFixed(3);

/** Prints figures per head as a small table. */
export function printMetrics(title: string, metrics: Record<string, HeadMetrics>): void {
  console.log(title);
  console.log('  head     rows   AUC    bal.acc  precision  recall  F1     threshold  TP/FP/TN/FN');
  for (const [head, m] of Object.entries(metrics)) {
    const c = m.confusion;
    console.log(
      `  ${head.padEnd(7)} ${String(m.n).padStart(5)}  ${pct(m.auc)}  ${pct(m.balancedAccuracy)}    ` +
        `${pct(m.precision)}      ${pct(m.recall)}   ${pct(m.f1)}  ${m.threshold.toFixed(3)}      ` +
        `${c.tp}/${c.fp}/${c.tn}/${c.fn}`,
    );
  }
}

function version(value: string): number {
  const match = /^v?(0|[1-9][0-9]*)$/.exec(value);
  if (!match) {
    throw new InvalidArgumentError('A version looks like v3 (v0 is the shipped model).');
  }
  return Number(match[1]);
}

/** Adds `guild moderation` and its subcommands. */
export function registerModerationCommand(program: Command): void {
  const moderation = program
    .command('moderation')
    .description('Check texts, train, evaluate and promote moderation models');

  moderation
    .command('check')
    .description("Run the local pipeline on a text with Guild's default policy")
    .argument('<text>', 'the text to check')
    .action((text: string) => {
      const result = analyse(text);
      const verdict = decide(DEFAULT_POLICY, {
        scores: result.scores,
        suspicion: 0,
        watchedActions: result.watched.actions,
      });
      console.log(
        `decision: ${verdict.decision}${verdict.reasonCode ? ` (${verdict.reasonCode})` : ''}`,
      );
      for (const [category, score] of Object.entries(result.scores)) {
        console.log(`  ${category.padEnd(14)} ${score.toFixed(3)}`);
      }
      for (const span of result.spans) {
        console.log(
          `  span ${span.category}: "${text.slice(span.start, span.end)}" (${span.rule})`,
        );
      }
    });

  moderation
    .command('import-labels')
    .description('Store a labelled CSV (a text column, one 0/1 column per head) as labels')
    .argument('<file>', 'CSV file')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .action(async (file: string, opts: { tenant: string }) => {
      const parsed = readLabelledCsvFile(file);
      for (const error of parsed.errors.slice(0, 20)) {
        const where = error.column ? `, column ${error.columnNumber} (${error.column})` : '';
        console.error(`  line ${error.line}${where}: ${error.message}`);
      }
      if (parsed.errors.length > 0) {
        throw new InvalidArgumentError(
          `${parsed.errors.length} rows of ${file} are not valid; nothing was stored.`,
        );
      }
      const stored = await withTenant(opts.tenant, (db, tenantId) =>
        db.tenant(tenantId, (tx) => importLabels(tx, tenantId, null, parsed.rows)),
      );
      console.log(`Stored ${stored} labelled rows for ${opts.tenant}.`);
    });

  moderation
    .command('train')
    .description("Train a candidate version from a community's labels and Guild's seed examples")
    .requiredOption('--tenant <slug>', 'tenant slug')
    .action(async (opts: { tenant: string }) => {
      const result = await withTenant(opts.tenant, (db, tenantId) =>
        db.tenant(tenantId, (tx) => trainTenantModel(tx, tenantId, new LiveModels(), null)),
      );
      console.log(
        `Trained v${result.version} on ${result.trainingRows} rows; evaluated on ${result.evaluationRows}.`,
      );
      printMetrics('candidate:', result.metrics);
      printMetrics('live version on the same rows:', result.baseline);
      console.log(
        result.bias.passed
          ? `bias check: passed (largest gap ${result.bias.maxGap.toFixed(3)})`
          : `bias check: FAILED. ${biasFailure(`v${result.version}`, result.bias)}`,
      );
      console.log(
        result.better && result.bias.passed
          ? `v${result.version} beats the live version: promote it with guild moderation promote v${result.version} --tenant ${opts.tenant}`
          : `v${result.version} stays a candidate: it ${result.better ? 'failed the bias check' : 'does not beat the live version'}.`,
      );
    });

  moderation
    .command('eval')
    .description('Evaluate a version on held-out rows: a public data set, or a community’s labels')
    .option('--dataset <name>', 'hate-offensive or youtube-spam (the fixed 20% test split)')
    .option('--tenant <slug>', 'tenant slug (with --version)')
    .option('--version <version>', 'a version of the tenant (v0: the shipped model)', 'v0')
    .action(async (opts: { dataset?: string; tenant?: string; version: string }) => {
      if (opts.dataset) {
        if (!publicDataPresent()) {
          throw new InvalidArgumentError(
            '../shared/data is absent: the public data sets are not here.',
          );
        }
        const rows =
          opts.dataset === 'hate-offensive'
            ? loadHateOffensive()
            : opts.dataset === 'youtube-spam'
              ? loadYoutubeSpam()
              : null;
        if (!rows) {
          throw new InvalidArgumentError('--dataset is hate-offensive or youtube-spam.');
        }
        const { test } = splitRows(rows);
        printMetrics(
          `shipped model on the ${opts.dataset} test split:`,
          evaluateModel(loadShippedModel(), test),
        );
        return;
      }
      if (!opts.tenant) {
        throw new InvalidArgumentError('Give --dataset, or --tenant with --version.');
      }
      const tenant = opts.tenant;
      await withTenant(tenant, (db, tenantId) =>
        db.tenant(tenantId, async (tx) => {
          const number = opts.version === 'v0' ? 0 : version(opts.version);
          const [row] =
            number === 0
              ? [null]
              : await tx
                  .select()
                  .from(moderationModels)
                  .where(eq(moderationModels.version, number));
          if (number !== 0 && !row) {
            throw new InvalidArgumentError(`No version ${opts.version} in ${tenant}.`);
          }
          const model = row ? deserializeModel(row.artifact) : loadShippedModel();
          const stored = row ? (row.metrics as Record<string, HeadMetrics>) : model.meta.evaluation;
          printMetrics(
            `${opts.version} as evaluated when it was made:`,
            stored ?? model.meta.metrics,
          );
        }),
      );
    });

  moderation
    .command('promote')
    .description('Make a version live: only when it beats the live one and passes the bias check')
    .argument('<version>', 'the version, e.g. v3', version)
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--shadow', 'run it in shadow mode (record what it would decide) instead')
    .action(async (number: number, opts: { tenant: string; shadow?: boolean }) => {
      const result = await withTenant(opts.tenant, (db, tenantId) =>
        db.tenant(tenantId, (tx) =>
          promoteModel(
            tx,
            tenantId,
            new LiveModels(),
            number,
            null,
            opts.shadow ? 'shadow' : 'live',
          ),
        ),
      );
      console.log(`${result.version} is now ${result.status} in ${opts.tenant}.`);
    });
}
