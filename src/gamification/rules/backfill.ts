/**
 * Re-scoring history under the current rules. For every stored event, member by member in the
 * order they happened, the engine says what the rules would give now (caps, cooldowns and
 * diminishing returns replayed over the member's history); what the event holds in the ledger
 * is compared, and the difference is written as one adjustment entry (credit or debit) keyed
 * by the run and the event. A retried run writes nothing twice, and a second run finds nothing
 * left to adjust. Progress is kept on the run's row, readable while it works.
 */
import { loyaltyEnrolled } from '../../privacy/incentives.js';
import { sql } from 'drizzle-orm';
import type { Database, Orm } from '../../core/db/database.js';
import { sqlRows } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { JobTask, type TenantJobData } from '../../core/jobs/jobs.js';
import {
  activityOf,
  EVENT_COLUMNS,
  memberFacts,
  netForCause,
  sourceOf,
  type EventRow,
} from '../activity.js';
import { credit, debit, holdBalance } from '../ledger.js';
import {
  afterEarning,
  EMPTY_HISTORY,
  rulesFor,
  score,
  type MemberFacts,
  type Rule,
  type RuleHistory,
} from './engine.js';
import { allActiveRules } from './rules.service.js';

const PAGE = 200;

export interface BackfillView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  adjusted: number;
  pointsDelta: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface BackfillRow {
  id: string;
  status: BackfillView['status'];
  total: number;
  processed: number;
  adjusted: number;
  points_delta: string | number;
  error: string | null;
  created_at: string | Date;
  started_at: string | Date | null;
  finished_at: string | Date | null;
}

function iso(value: string | Date | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function viewOf(row: BackfillRow): BackfillView {
  return {
    id: row.id,
    status: row.status,
    total: Number(row.total),
    processed: Number(row.processed),
    adjusted: Number(row.adjusted),
    pointsDelta: Number(row.points_delta),
    error: row.error,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

export async function createBackfill(
  tx: Orm,
  tenantId: string,
  actorId: string | null,
): Promise<BackfillView> {
  const [row] = await sqlRows<BackfillRow>(
    tx,
    sql`insert into point_backfills (tenant_id, requested_by, total)
      values (${tenantId}, ${actorId}, (select count(*) from activity_events))
      returning *`,
  );
  return viewOf(row!);
}

export async function getBackfill(tx: Orm, id: string): Promise<BackfillView> {
  const [row] = await sqlRows<BackfillRow>(tx, sql`select * from point_backfills where id = ${id}`);
  if (!row) {
    throw fail.notFound('No backfill run with this id.');
  }
  return viewOf(row);
}

/** A member's replayed history under each rule, with the day and week it belongs to. */
export interface Replay {
  day: string;
  week: string;
  history: RuleHistory;
}

function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

function dayText(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** What the current rules give for a stored event, given the member's replayed history. */
export function rescore(
  row: EventRow,
  rules: Rule[],
  facts: MemberFacts | null,
  replays: Map<string, Replay>,
): { target: number; awards: { rule: Rule; points: number }[] } {
  const event = activityOf(row);
  const day = dayText(row.local_day);
  const week = weekOf(day);
  const awards: { rule: Rule; points: number }[] = [];
  let total = 0;
  for (const rule of facts ? rulesFor(rules, event) : []) {
    const replay = replays.get(rule.id) ?? { day, week, history: EMPTY_HISTORY };
    const sameDay = replay.day === day;
    const sameWeek = replay.week === week;
    const history: RuleHistory = {
      ...replay.history,
      dayCount: sameDay ? replay.history.dayCount : 0,
      dayPoints: sameDay ? replay.history.dayPoints : 0,
      weekCount: sameWeek ? replay.history.weekCount : 0,
      weekPoints: sameWeek ? replay.history.weekPoints : 0,
    };
    const result = score(rule, event, facts!, history);
    awards.push({ rule, points: result.points });
    total += result.points;
    replays.set(rule.id, {
      day,
      week,
      history: afterEarning(history, result.points, event.occurredAt, true, true),
    });
  }
  if (row.status === 'withdrawn') {
    return { target: 0, awards };
  }
  const quantity = Number(row.quantity ?? 0);
  const refunded = Number(row.refunded_quantity);
  const target =
    refunded > 0 && quantity > 0 ? Math.floor((total * (quantity - refunded)) / quantity) : total;
  return { target, awards };
}

/** Re-scores one event and writes the adjustment; returns the points it moved. */
async function adjustEvent(
  tx: Orm,
  tenantId: string,
  runId: string,
  row: EventRow,
  target: number,
  awards: { rule: Rule; points: number }[],
): Promise<number> {
  const local = dayText(row.local_day);
  await tx.execute(sql`delete from activity_awards where event_id = ${row.id}`);
  for (const { rule, points } of awards) {
    await tx.execute(sql`insert into activity_awards (tenant_id, event_id, rule_id, rule_version,
        user_id, local_day, occurred_at, points)
      values (${tenantId}, ${row.id}, ${rule.id}, ${rule.version}, ${row.user_id},
        ${local}::date, ${new Date(row.occurred_at).toISOString()}::timestamptz, ${points})`);
  }
  const held = (await netForCause(tx, row.cause_key)).find((n) => n.userId === row.user_id);
  const delta = target - (held?.net ?? 0);
  if (delta === 0) {
    return 0;
  }
  const main = awards[0]?.rule ?? null;
  const entry = {
    userId: row.user_id,
    amount: Math.abs(delta),
    reason: `Rules re-applied (backfill ${runId.slice(0, 8)})`,
    source: sourceOf(row.kind),
    sourceRef: row.cause_key,
    ruleId: main?.id ?? null,
    ruleVersion: main?.version ?? null,
    spaceId: row.space_id,
    regionId: row.region_id,
    idempotencyKey: `backfill:${runId}:${row.id}`,
  };
  const posted =
    delta > 0
      ? await credit(tx, tenantId, {
          ...entry,
          kind: 'adjustment',
          tierQualifying: main?.settings.tierQualifying ?? false,
        })
      : await debit(tx, tenantId, { ...entry, kind: 'adjustment', requireFunds: false });
  return posted.replayed ? 0 : delta;
}

/** Runs a backfill to the end, a page of events per transaction. */
export async function runBackfill(db: Database, tenantId: string, runId: string): Promise<void> {
  const started = await db.tenant(tenantId, async (tx) => {
    const run = await getBackfill(tx, runId);
    if (run.status === 'done') {
      return false;
    }
    await tx.execute(sql`update point_backfills set status = 'running', processed = 0,
        started_at = coalesce(started_at, now()), error = null where id = ${runId}`);
    return true;
  });
  if (!started) {
    return;
  }
  const state: {
    after: { user: string; at: string; id: string } | null;
    user: string | null;
    facts: MemberFacts | null;
    replays: Map<string, Replay>;
    enrolled: boolean;
  } = { after: null, user: null, facts: null, replays: new Map(), enrolled: true };
  try {
    for (;;) {
      const position = state.after;
      const done = await db.tenant(tenantId, async (tx) => {
        const rules = await allActiveRules(tx);
        const rows = await sqlRows<EventRow>(
          tx,
          sql`select ${EVENT_COLUMNS} from activity_events
            ${
              position
                ? sql`where (user_id, occurred_at, id) > (${position.user}::uuid,
                    ${position.at}::timestamptz, ${position.id}::uuid)`
                : sql``
            }
            order by user_id, occurred_at, id limit ${PAGE}`,
        );
        let adjusted = 0;
        let moved = 0;
        for (const row of rows) {
          if (row.user_id !== state.user) {
            state.user = row.user_id;
            state.facts = await memberFacts(tx, row.user_id);
            state.replays = new Map();
            state.enrolled = await loyaltyEnrolled(tx, row.user_id);
          }
          if (!state.enrolled) {
            // Not in the points program (PRV-12): nothing paid, and nothing taken back.
            continue;
          }
          await holdBalance(tx, tenantId, row.user_id);
          const { target, awards } = rescore(row, rules, state.facts, state.replays);
          const delta = await adjustEvent(tx, tenantId, runId, row, target, awards);
          if (delta !== 0) {
            adjusted += 1;
            moved += delta;
          }
        }
        const last = rows.at(-1);
        if (last) {
          state.after = {
            user: last.user_id,
            at: new Date(last.occurred_at).toISOString(),
            id: last.id,
          };
        }
        await tx.execute(sql`update point_backfills set processed = processed + ${rows.length},
            adjusted = adjusted + ${adjusted}, points_delta = points_delta + ${moved}
          where id = ${runId}`);
        return rows.length < PAGE;
      });
      if (done) {
        break;
      }
    }
    await db.tenant(tenantId, (tx) =>
      tx.execute(sql`update point_backfills set status = 'done', finished_at = now(),
          total = greatest(total, processed) where id = ${runId}`),
    );
  } catch (error) {
    await db.tenant(tenantId, (tx) =>
      tx.execute(sql`update point_backfills set status = 'failed',
          error = ${error instanceof Error ? error.message.slice(0, 500) : 'failed'}
        where id = ${runId}`),
    );
    throw error;
  }
}

export interface BackfillJobData extends TenantJobData {
  backfillId: string;
}

/** The queued re-scoring of a tenant's history. */
export class PointBackfillTask extends JobTask<BackfillJobData> {
  readonly name = 'points-backfill';
  override readonly retryLimit = 2;
  override readonly retryDelaySeconds = 5;
  override readonly expireInSeconds = 60 * 60;

  async run(data: BackfillJobData, context: { db: Database }): Promise<void> {
    await runBackfill(context.db, data.tenantId, data.backfillId);
  }
}
