/**
 * The tenant's model versions. Version 0 is the model shipped with Guild; every later version
 * is fine-tuned here, from the live version, on the tenant's labels (moderators' decisions and imported files) plus
 * Guild's seed examples, evaluated on a fixed held-out share of those labels, and stored with
 * its training snapshot and figures. A version goes live only when it beats the live one on
 * the same evaluation rows and passes the identity-term bias check.
 */
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { fail, GuildError } from '../core/errors/errors.js';
import { biasCheck, type BiasReport } from './model/bias.js';
import { deserializeModel, serializeModel, type ModerationModel } from './model/classifier.js';
import { splitOf } from './model/datasets.js';
import type { HeadMetrics } from './model/metrics.js';
import type { LabelledRow } from './model/model.types.js';
import { seedExamples } from './model/seed-examples.js';
import { loadShippedModel } from './model/shipped.js';
import { compareModels, evaluateModel, trainModel } from './model/training.js';
import { moderationLabels, moderationModels, type ModelStatus } from './moderation.table.js';

/** A model ready to score, with the version name checks record. */
export interface LoadedModel {
  version: string;
  model: ModerationModel;
}

/** How long a process trusts its cached idea of a tenant's live version. */
const CACHE_MS = 10_000;

/**
 * Which model scores a tenant's items, cached per process for a few seconds (a promotion in
 * this process takes effect at once; in others within the cache time).
 */
export class LiveModels {
  private shippedModel: LoadedModel | null = null;
  private readonly cache = new Map<
    string,
    { at: number; live: LoadedModel; shadow: LoadedModel | null }
  >();

  /** The model shipped with Guild (version 0). */
  shipped(): LoadedModel {
    this.shippedModel ??= { version: shippedVersionName(), model: loadShippedModel() };
    return this.shippedModel;
  }

  /** The tenant's live model. */
  async live(db: Orm, tenantId: string): Promise<LoadedModel> {
    return (await this.entry(db, tenantId)).live;
  }

  /** The tenant's shadow model, when one is being tried. */
  async shadow(db: Orm, tenantId: string): Promise<LoadedModel | null> {
    return (await this.entry(db, tenantId)).shadow;
  }

  /** Drops the cache of one tenant (after a promotion). */
  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private async entry(db: Orm, tenantId: string) {
    const cached = this.cache.get(tenantId);
    if (cached && Date.now() - cached.at < CACHE_MS) {
      return cached;
    }
    const rows = await db
      .select({
        version: moderationModels.version,
        status: moderationModels.status,
        artifact: moderationModels.artifact,
      })
      .from(moderationModels)
      .where(inArray(moderationModels.status, ['live', 'shadow']));
    const load = (status: ModelStatus) => {
      const row = rows.find((r) => r.status === status);
      return row ? { version: `v${row.version}`, model: deserializeModel(row.artifact) } : null;
    };
    const entry = { at: Date.now(), live: load('live') ?? this.shipped(), shadow: load('shadow') };
    this.cache.set(tenantId, entry);
    return entry;
  }
}

/** A value as JSON keeps it: NaN becomes null. */
function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Why a bias report failed, in one sentence. */
export function biasFailure(version: string, bias: BiasReport): string {
  const flagged = (bias.worst ?? []).find((pair) => pair.flagged);
  const limit = bias.limit ?? 0.1;
  if (bias.maxGap > limit || !flagged) {
    return `${version} failed the identity-term bias check: two neutral sentences that differ only by an identity term score ${bias.maxGap.toFixed(3)} apart (the limit is ${limit.toFixed(2)}).`;
  }
  const score = Math.max(flagged.scoreA, flagged.scoreB);
  const sentence = flagged.scoreA >= flagged.scoreB ? flagged.a : flagged.b;
  return `${version} failed the identity-term bias check: ${bias.failures} neutral sentences would be flagged, e.g. "${sentence}" scores ${score.toFixed(3)}, above its threshold ${bias.threshold.toFixed(3)}.`;
}

function shippedVersionName(): string {
  return 'v0';
}

/** The tenant's labels, oldest first, as labelled rows keyed for the fixed split. */
async function tenantLabels(db: Orm): Promise<LabelledRow[]> {
  const rows = await db
    .select({
      id: moderationLabels.id,
      text: moderationLabels.text,
      labels: moderationLabels.labels,
    })
    .from(moderationLabels)
    .orderBy(asc(moderationLabels.createdAt), asc(moderationLabels.id));
  return rows.map((row) => ({ id: row.id, source: 'tenant', text: row.text, labels: row.labels }));
}

/** Stores rows of an imported labelled file as the tenant's labels. */
export async function importLabels(
  db: Orm,
  tenantId: string,
  actorId: string | null,
  rows: readonly LabelledRow[],
): Promise<number> {
  const batch = 1000;
  for (let start = 0; start < rows.length; start += batch) {
    await db.insert(moderationLabels).values(
      rows.slice(start, start + batch).map((row) => ({
        tenantId,
        text: row.text,
        labels: row.labels as Record<string, 0 | 1>,
        source: 'import' as const,
        createdBy: actorId,
      })),
    );
  }
  return rows.length;
}

/** Fewest labels of the tenant's own before a version can be trained. */
export const MIN_LABELS = 20;

export interface TrainResult {
  version: number;
  status: ModelStatus;
  metrics: Record<string, HeadMetrics>;
  baseline: Record<string, HeadMetrics>;
  better: boolean;
  bias: BiasReport;
  evaluationRows: number;
  trainingRows: number;
}

/**
 * Trains a new version from the tenant's labels and Guild's seed examples. The evaluation rows
 * are the labels on the test side of the fixed split (decided by each label's id), so the live
 * version and every candidate are judged on the same rows.
 */
export async function trainTenantModel(
  db: Orm,
  tenantId: string,
  models: LiveModels,
  actorId: string | null,
): Promise<TrainResult> {
  const labels = await tenantLabels(db);
  if (labels.length < MIN_LABELS) {
    throw fail.validation(
      `Training needs at least ${MIN_LABELS} labels (decisions or imported rows); there are ${labels.length}.`,
    );
  }
  const evaluation = labels.filter((row) => splitOf('tenant', row.id!) === 'test');
  const training = [
    ...labels.filter((row) => splitOf('tenant', row.id!) === 'train'),
    ...seedExamples(),
  ];
  const [last] = await db
    .select({ version: moderationModels.version })
    .from(moderationModels)
    .orderBy(desc(moderationModels.version))
    .limit(1);
  const version = (last?.version ?? 0) + 1;
  // Fine-tuned from the live version, so a few hundred decisions teach it the community's
  // own cases without erasing what it knew about abuse and spam in general.
  const live = await models.live(db, tenantId);
  const candidate = trainModel(training, {
    version: `v${version}`,
    startFrom: live.model,
    splitRule: 'tenant labels on the train side of the fixed split, plus Guild seed examples',
  });
  const comparison = compareModels(candidate, live.model, evaluation);
  // figures that are undefined on these rows (no positives, say) are NaN; stored and sent as null
  const metrics = jsonSafe(evaluateModel(candidate, evaluation));
  const baseline = jsonSafe(evaluateModel(live.model, evaluation));
  const bias = biasCheck(candidate);
  await db.insert(moderationModels).values({
    tenantId,
    version,
    status: 'candidate',
    artifact: serializeModel(candidate),
    snapshot: {
      ...candidate.meta.training,
      evaluationLabelIds: evaluation.map((row) => row.id),
      liveVersion: live.version,
    },
    metrics,
    baseline,
    bias: bias as unknown as Record<string, unknown>,
    createdBy: actorId,
  });
  return {
    version,
    status: 'candidate',
    metrics,
    baseline,
    better: comparison.better,
    bias,
    evaluationRows: evaluation.length,
    trainingRows: training.length,
  };
}

/** The tenant's versions, newest first, without their weights. */
export async function listModels(db: Orm, models: LiveModels, tenantId: string) {
  const rows = await db
    .select({
      version: moderationModels.version,
      status: moderationModels.status,
      snapshot: moderationModels.snapshot,
      metrics: moderationModels.metrics,
      baseline: moderationModels.baseline,
      bias: moderationModels.bias,
      createdAt: moderationModels.createdAt,
      promotedAt: moderationModels.promotedAt,
    })
    .from(moderationModels)
    .orderBy(desc(moderationModels.version));
  const live = await models.live(db, tenantId);
  const shipped = models.shipped().model;
  return {
    live: live.version,
    items: [
      ...rows.map((row) => ({
        version: `v${row.version}`,
        status: row.status,
        trainingRows: Number((row.snapshot as { rows?: number }).rows ?? 0),
        evaluationRows: (
          (row.snapshot as { evaluationLabelIds?: unknown[] }).evaluationLabelIds ?? []
        ).length,
        metrics: row.metrics as Record<string, HeadMetrics>,
        baseline: (row.baseline ?? {}) as Record<string, HeadMetrics>,
        biasPassed: Boolean((row.bias as { passed?: boolean }).passed),
        biasMaxGap: Number((row.bias as { maxGap?: number }).maxGap ?? 0),
        createdAt: row.createdAt.toISOString(),
        promotedAt: row.promotedAt?.toISOString() ?? null,
      })),
      {
        version: 'v0',
        status: live.version === 'v0' ? ('live' as const) : ('retired' as const),
        trainingRows: shipped.meta.training.rows,
        evaluationRows: 0,
        metrics: shipped.meta.evaluation ?? shipped.meta.metrics,
        baseline: {},
        biasPassed: true,
        biasMaxGap: 0,
        createdAt: shipped.meta.createdAt,
        promotedAt: null,
      },
    ],
  };
}

/**
 * Promotes a candidate (or shadow) version — or, for version 0, goes back to the shipped
 * model. A candidate is evaluated again, beside the version live
 * now, on its own evaluation rows; it goes live only when it is better there and its bias
 * check passed. Otherwise nothing changes and the error says why.
 */
export async function promoteModel(
  db: Orm,
  tenantId: string,
  models: LiveModels,
  version: number,
  actorId: string | null,
  mode: 'live' | 'shadow' = 'live',
) {
  if (version === 0) {
    // going back to the model shipped with Guild: a rollback, not a new version to prove
    if (mode !== 'live') {
      throw new GuildError('model_not_promotable', 'The shipped model v0 cannot run in shadow.');
    }
    await db
      .update(moderationModels)
      .set({ status: 'retired' })
      .where(eq(moderationModels.status, 'live'));
    models.forget(tenantId);
    return { version: 'v0', status: 'live' as const };
  }
  const [row] = await db
    .select()
    .from(moderationModels)
    .where(eq(moderationModels.version, version));
  if (!row) {
    throw fail.notFound(`There is no model version v${version}.`);
  }
  if (row.status === 'live') {
    throw new GuildError('model_not_promotable', `v${version} is live already.`);
  }
  const candidate = deserializeModel(row.artifact);
  const bias = row.bias as unknown as BiasReport;
  if (!bias.passed) {
    throw new GuildError('model_not_promotable', biasFailure(`v${version}`, bias), {
      maxGap: bias.maxGap,
      failures: bias.failures,
    });
  }
  if (mode === 'live') {
    const ids = (row.snapshot as { evaluationLabelIds?: string[] }).evaluationLabelIds ?? [];
    const evaluation = (await tenantLabels(db)).filter((label) => ids.includes(label.id!));
    const live = await models.live(db, tenantId);
    const comparison = compareModels(candidate, live.model, evaluation);
    if (!comparison.better) {
      throw new GuildError(
        'model_not_promotable',
        `v${version} does not beat the live ${live.version} on the same ${evaluation.length} evaluation rows.`,
        { perHead: comparison.perHead, worse: comparison.worse },
      );
    }
    await db
      .update(moderationModels)
      .set({ status: 'retired' })
      .where(eq(moderationModels.status, 'live'));
  } else {
    await db
      .update(moderationModels)
      .set({ status: 'candidate' })
      .where(eq(moderationModels.status, 'shadow'));
  }
  await db
    .update(moderationModels)
    .set({ status: mode, promotedAt: sql`now()`, promotedBy: actorId })
    .where(eq(moderationModels.version, version));
  models.forget(tenantId);
  return { version: `v${version}`, status: mode };
}
