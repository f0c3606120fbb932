/**
 * The moderation gate: what every post, comment, profile change and submission passes before
 * it is shown. One call reads the policy that applies (tenant, region, space), the author's
 * recent record, runs the local pipeline (and the external provider when one is configured),
 * decides, and records the check, a review item when the item is held, and an audit sample of
 * automatic decisions — all in the caller's transaction, so the item and its check stand or
 * fall together.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { sqlRows } from '../core/db/database.js';
import type { GuildLogger } from '../core/logging/logger.js';
import { users } from '../accounts/accounts.table.js';
import { spaces } from '../community/community.table.js';
import { analyseItem, prepareText, type Analysis, type PreparedText } from './analyse.js';
import type { LiveModels } from './models.service.js';
import {
  moderationChecks,
  moderationPolicies,
  reviewItems,
  type ItemType,
} from './moderation.table.js';
import type { AuthorContext, Category } from './moderation.types.js';
import {
  authorMessage,
  decide,
  PolicySettingsSchema,
  resolvePolicy,
  type PolicyDecision,
  type PolicySettings,
  type ResolvedPolicy,
} from './policy.js';
import { ProviderFailure, type ModerationProvider } from './providers/provider.js';
import { Value } from 'typebox/value';

/** What the gate is asked to check. */
export interface ItemToCheck {
  itemType: ItemType;
  /** The item's id, chosen before it is written (a profile change uses the member's id). */
  itemId: string;
  authorId: string;
  spaceId: string | null;
  /** Everything a reader will see, as written (title and body, or profile fields). */
  text: string;
  /** What the moderator sees first in the queue. */
  summary: string;
  /** Kept on the review item (a profile change waiting for approval). */
  payload?: Record<string, unknown>;
}

/** What the item becomes, and what its author is told. */
export interface GateVerdict {
  state: 'published' | 'held' | 'rejected';
  checkId: string;
  reasonCode: string | null;
  /** The sentence the author reads; null when published. */
  message: string | null;
  /** Tags the tenant's watched words add. */
  tags: string[];
  /** The text with the tenant's censored words masked, or null when nothing was censored. */
  censored: string | null;
  reviewItemId: string | null;
  queue: 'standard' | 'senior' | null;
}

export interface GateOptions {
  models: LiveModels;
  provider: ModerationProvider | null;
  logger: GuildLogger;
  /** Chooses audit samples; `Math.random` outside tests. */
  random?: () => number;
}

/** The moderation gate, built once per process. */
export class ModerationGate {
  private readonly random: () => number;

  constructor(private readonly options: GateOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Checks one item in the caller's tenant transaction and records the outcome. */
  async check(db: Orm, tenantId: string, item: ItemToCheck): Promise<GateVerdict> {
    const began = performance.now();
    const { enforce, shadow } = await policiesFor(db, item.spaceId);
    const prepared = prepareText(item.text);
    const author = await authorContext(db, item.authorId, prepared.fingerprint);
    const model = await this.options.models.live(db, tenantId);
    const analysis = analyseItem(prepared, { policy: enforce, author, model: model.model });

    const provider = await this.consultProvider(item.text, enforce);
    const scores = mergeScores(analysis.scores, provider.scores);
    let decision = decide(enforce, {
      scores,
      suspicion: analysis.suspicion.score,
      watchedActions: analysis.watched.actions,
    });
    // The provider's word alone may hold an item for a person, never reject it.
    if (decision.decision === 'reject' && provider.name !== null) {
      const local = decide(enforce, {
        scores: analysis.scores,
        suspicion: analysis.suspicion.score,
        watchedActions: analysis.watched.actions,
      });
      if (local.decision !== 'reject') {
        decision = { ...decision, decision: 'hold' };
      }
    }
    const policyDecision = decision.decision;
    if (decision.decision === 'reject' && (await overCap(db, item.spaceId, enforce))) {
      decision = { ...decision, decision: 'hold', reasonCode: 'auto_reject_cap' };
    }

    const shadowRecord = await this.shadowDecisions(
      db,
      tenantId,
      shadow,
      prepared,
      analysis,
      author,
    );
    const now = new Date();
    const final = decision.decision === 'hold' ? null : decision.decision;
    const message =
      decision.decision === 'allow'
        ? null
        : authorMessage(item.itemType, decision.decision, decision.reasonCode);
    const [check] = await db
      .insert(moderationChecks)
      .values({
        tenantId,
        itemType: item.itemType,
        itemId: item.itemId,
        authorId: item.authorId,
        spaceId: item.spaceId,
        fingerprint: analysis.fingerprint,
        scores,
        spans: analysis.spans,
        suspicion: analysis.suspicion.score,
        decision: decision.decision,
        reasonCode: decision.reasonCode,
        authorMessage: message,
        policyDecision,
        shadow: shadowRecord,
        modelVersion: model.version,
        provider: provider.name,
        providerError: provider.error,
        latencyMs: performance.now() - began,
        payload: item.payload ?? null,
        finalDecision: final,
        decidedAt: final ? now : null,
      })
      .returning({ id: moderationChecks.id });
    const checkId = check!.id;

    let reviewItemId: string | null = null;
    if (decision.decision === 'hold') {
      reviewItemId = await this.openReview(db, tenantId, item, checkId, decision, enforce);
    } else if (this.random() < enforce.auditSampleRate) {
      reviewItemId = await openAuditSample(db, tenantId, item, checkId, decision);
    }
    return {
      state:
        decision.decision === 'allow'
          ? 'published'
          : decision.decision === 'hold'
            ? 'held'
            : 'rejected',
      checkId,
      reasonCode: decision.reasonCode,
      message,
      tags: analysis.watched.tags,
      censored: analysis.watched.censored === item.text ? null : analysis.watched.censored,
      reviewItemId: decision.decision === 'hold' ? reviewItemId : null,
      queue: decision.decision === 'hold' ? decision.queue : null,
    };
  }

  /** Asks the external provider, when there is one; a failure is recorded, never trusted. */
  private async consultProvider(
    text: string,
    policy: ResolvedPolicy,
  ): Promise<{
    name: string | null;
    scores: Partial<Record<Category, number>>;
    error: string | null;
  }> {
    const provider = this.options.provider;
    if (!provider) {
      return { name: null, scores: {}, error: null };
    }
    try {
      const verdict = await provider.check({ text, policy: describePolicy(policy) });
      return { name: provider.name, scores: verdict.scores, error: null };
    } catch (error) {
      const reason = error instanceof ProviderFailure ? error.reason : 'network';
      this.options.logger.warn(
        { category: 'moderation', provider: provider.name, reason },
        'moderation provider failed; the local verdict stands',
      );
      return { name: provider.name, scores: {}, error: reason };
    }
  }

  private async openReview(
    db: Orm,
    tenantId: string,
    item: ItemToCheck,
    checkId: string,
    decision: PolicyDecision,
    policy: ResolvedPolicy,
  ): Promise<string> {
    const reach = await reachOf(db, item);
    const minutes = policy.reviewMinutes[decision.queue];
    const [row] = await db
      .insert(reviewItems)
      .values({
        tenantId,
        kind: 'held',
        itemType: item.itemType,
        itemId: item.itemId,
        checkId,
        authorId: item.authorId,
        spaceId: item.spaceId,
        queue: decision.queue,
        severity: Math.max(decision.severity, 0.1),
        reach,
        reasonCode: decision.reasonCode,
        summary: item.summary.slice(0, 280),
        payload: item.payload ?? {},
        dueAt: new Date(Date.now() + minutes * 60_000),
      })
      // an edit of an item already waiting updates its open review item instead
      .onConflictDoUpdate({
        target: [reviewItems.itemType, reviewItems.itemId, reviewItems.kind],
        targetWhere: sql`status = 'open'`,
        set: {
          checkId,
          severity: sql`greatest(${reviewItems.severity}, excluded.severity)`,
          queue: sql`CASE WHEN excluded.queue = 'senior' THEN 'senior' ELSE ${reviewItems.queue} END`,
          reasonCode: decision.reasonCode,
          summary: item.summary.slice(0, 280),
        },
      })
      .returning({ id: reviewItems.id });
    if (decision.queue === 'senior') {
      await notifySeniorStaff(db, tenantId, item.authorId, row!.id);
    }
    return row!.id;
  }

  /** Runs shadow policies and a shadow model: what they would have decided, acting on nothing. */
  private async shadowDecisions(
    db: Orm,
    tenantId: string,
    shadow: ResolvedPolicy | null,
    prepared: PreparedText,
    analysis: Analysis,
    author: AuthorContext,
  ): Promise<Record<string, unknown> | null> {
    const record: Record<string, unknown> = {};
    if (shadow) {
      const again = analyseItem(prepared, {
        policy: shadow,
        author,
        model: (await this.options.models.live(db, tenantId)).model,
      });
      const verdict = decide(shadow, {
        scores: again.scores,
        suspicion: again.suspicion.score,
        watchedActions: again.watched.actions,
      });
      record.policy = { decision: verdict.decision, reasonCode: verdict.reasonCode };
    }
    const candidate = await this.options.models.shadow(db, tenantId);
    if (candidate) {
      const scores = candidate.model.scorePrepared(analysis.prepared);
      record.model = { version: candidate.version, scores };
    }
    return Object.keys(record).length > 0 ? record : null;
  }
}

/** The policy layers that apply to an item in `spaceId`: enforced, and shadow when any. */
async function policiesFor(
  db: Orm,
  spaceId: string | null,
): Promise<{ enforce: ResolvedPolicy; shadow: ResolvedPolicy | null }> {
  // The space's region is looked up inside the same statement.
  const rows = await db
    .select()
    .from(moderationPolicies)
    .where(
      or(
        eq(moderationPolicies.scope, 'tenant'),
        spaceId
          ? eq(
              moderationPolicies.regionId,
              sql`(select ${spaces.regionId} from ${spaces} where ${spaces.id} = ${spaceId})`,
            )
          : undefined,
        spaceId ? eq(moderationPolicies.spaceId, spaceId) : undefined,
      ),
    );
  const order = { tenant: 0, region: 1, space: 2 } as const;
  rows.sort((a, b) => order[a.scope] - order[b.scope]);
  const settings = (mode: 'enforce' | 'shadow') =>
    rows.filter((row) => row.mode === mode).map((row) => readSettings(row.settings));
  const enforced = settings('enforce');
  const shadowLayers = settings('shadow');
  return {
    enforce: resolvePolicy(enforced),
    // a shadow layer replaces the enforced one of the same scope; the others still apply
    shadow:
      shadowLayers.length > 0
        ? resolvePolicy(
            rows
              .filter(
                (row) =>
                  row.mode === 'shadow' ||
                  !rows.some(
                    (other) =>
                      other.mode === 'shadow' &&
                      other.scope === row.scope &&
                      other.spaceId === row.spaceId &&
                      other.regionId === row.regionId,
                  ),
              )
              .map((row) => readSettings(row.settings)),
          )
        : null,
  };
}

/** Settings as stored; anything that no longer validates is ignored, not trusted. */
function readSettings(stored: Record<string, unknown>): PolicySettings {
  return Value.Check(PolicySettingsSchema, stored) ? stored : {};
}

/**
 * The author's record that spam and suspicion rules read; with the fingerprint of the text
 * being checked, also how many other authors posted the same text in the last day.
 */
export async function authorContext(
  db: Orm,
  authorId: string,
  fingerprint: string | null = null,
): Promise<AuthorContext> {
  const [row] = await sqlRows<{
    created_at: Date | string;
    verified: boolean;
    published: number;
    last_hour: number;
    rejected: number;
    fingerprints: string[] | null;
    same_elsewhere: number;
  }>(
    db,
    sql`SELECT u.created_at, u.email_verified_at IS NOT NULL AS verified,
        (SELECT count(DISTINCT c.author_id)::int FROM moderation_checks c
          WHERE ${fingerprint}::text IS NOT NULL AND c.fingerprint = ${fingerprint}
            AND c.author_id <> u.id AND c.created_at > now() - interval '1 day') AS same_elsewhere,
        (SELECT count(*)::int FROM moderation_checks c
          WHERE c.author_id = u.id AND c.final_decision = 'allow') AS published,
        (SELECT count(*)::int FROM moderation_checks c
          WHERE c.author_id = u.id AND c.created_at > now() - interval '1 hour') AS last_hour,
        (SELECT count(*)::int FROM moderation_checks c
          WHERE c.author_id = u.id AND c.final_decision = 'reject') AS rejected,
        (SELECT array_agg(f.fingerprint) FROM (SELECT fingerprint FROM moderation_checks c
          WHERE c.author_id = u.id ORDER BY c.created_at DESC LIMIT 20) f) AS fingerprints
      FROM users u WHERE u.id = ${authorId}`,
  );
  const created = row ? new Date(row.created_at) : new Date();
  return {
    accountAgeHours: (Date.now() - created.getTime()) / 3_600_000,
    emailVerified: row?.verified ?? false,
    publishedCount: row?.published ?? 0,
    itemsLastHour: row?.last_hour ?? 0,
    rejectedCount: row?.rejected ?? 0,
    recentFingerprints: row?.fingerprints ?? [],
    sameTextElsewhere: row?.same_elsewhere ?? 0,
  };
}

/** Scores from the provider raise the local ones; they never lower them. */
function mergeScores(
  local: Partial<Record<Category, number>>,
  remote: Partial<Record<Category, number>>,
): Partial<Record<Category, number>> {
  const merged = { ...local };
  for (const [name, value] of Object.entries(remote)) {
    const category = name as Category;
    merged[category] = Math.max(merged[category] ?? 0, value ?? 0);
  }
  return merged;
}

/** Minimum recent automatic decisions in a space before the cap applies. */
const CAP_MIN_SAMPLE = 10;

/**
 * True when one more automatic rejection would push the space's share of rejections among
 * its automatic decisions of the last day above the policy's cap.
 */
async function overCap(db: Orm, spaceId: string | null, policy: ResolvedPolicy): Promise<boolean> {
  if (policy.autoRejectCap >= 1) {
    return false;
  }
  const [row] = await sqlRows<{ automatic: number; rejected: number }>(
    db,
    sql`SELECT count(*)::int AS automatic,
        count(*) FILTER (WHERE final_decision = 'reject')::int AS rejected
      FROM moderation_checks
      WHERE decided_by IS NULL AND final_decision IS NOT NULL
        AND created_at > now() - interval '1 day'
        AND space_id IS NOT DISTINCT FROM ${spaceId}`,
  );
  const automatic = row?.automatic ?? 0;
  const rejected = row?.rejected ?? 0;
  if (automatic < CAP_MIN_SAMPLE) {
    return false;
  }
  return (rejected + 1) / (automatic + 1) > policy.autoRejectCap;
}

/** How many people an item reaches: 1 + log10(1 + the space's followers). */
async function reachOf(db: Orm, item: ItemToCheck): Promise<number> {
  if (!item.spaceId) {
    return 1;
  }
  const [row] = await sqlRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM follows
      WHERE target_type = 'space' AND target_id = ${item.spaceId}`,
  );
  return 1 + Math.log10(1 + (row?.n ?? 0));
}

async function openAuditSample(
  db: Orm,
  tenantId: string,
  item: ItemToCheck,
  checkId: string,
  decision: PolicyDecision,
): Promise<string> {
  const [row] = await db
    .insert(reviewItems)
    .values({
      tenantId,
      kind: 'audit',
      itemType: item.itemType,
      itemId: item.itemId,
      checkId,
      authorId: item.authorId,
      spaceId: item.spaceId,
      severity: 0.05,
      reasonCode: decision.reasonCode,
      summary: item.summary.slice(0, 280),
      dueAt: new Date(Date.now() + 7 * 24 * 60 * 60_000),
    })
    .onConflictDoNothing()
    .returning({ id: reviewItems.id });
  return row?.id ?? '';
}

/** Tells every senior moderator (managers and admins) that an item was escalated. */
async function notifySeniorStaff(
  db: Orm,
  tenantId: string,
  authorId: string,
  reviewItemId: string,
): Promise<void> {
  const seniors = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['manager', 'admin']), eq(users.status, 'active')));
  if (seniors.length === 0) {
    return;
  }
  await db.execute(sql`INSERT INTO notifications (tenant_id, user_id, kind, actor_id, review_item_id)
    SELECT ${tenantId}, u, 'moderation_escalation', ${authorId}, ${reviewItemId}
    FROM unnest(${sql.param(seniors.map((s) => s.id))}::uuid[]) AS u`);
}

/** The policy in plain words, for a provider that reads instructions (an LLM). */
function describePolicy(policy: ResolvedPolicy): string {
  const strict = Object.entries(policy.thresholds)
    .filter(([, pair]) => pair.hold <= 0.5)
    .map(([category]) => category.replace('_', ' '));
  return [
    'This is a retail brand community. Members discuss products, orders and stores.',
    'Hold anything abusive, hateful, threatening, sexual, spam, scams or personal data.',
    strict.length > 0 ? `Be especially careful with: ${strict.join(', ')}.` : '',
    'Complaints about products or service are allowed when they are not abusive.',
  ]
    .filter(Boolean)
    .join(' ');
}
