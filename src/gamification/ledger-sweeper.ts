/**
 * Keeps balances moving with time: every sweep releases pending points whose return window
 * has closed and expires lots whose day has ended, tenant by tenant, in small transactions.
 * Several processes may sweep at once: each member's changes happen under their balance lock
 * and every entry is keyed, so two sweeps never release or expire the same points twice.
 * Points are also expired at the moment a member spends or looks at their balance, so the
 * sweep's timing never lets a member spend expired points.
 */
import type { Database } from '../core/db/database.js';
import type { GuildLogger } from '../core/logging/logger.js';
import { repeatEvery } from '../core/jobs/repeat.js';
import { expireDueForTenant, releaseDuePending } from './ledger.js';
import { reconcile } from './reconciliation.js';

/** Members (or entries) handled per transaction. */
const BATCH = 100;
/** Transactions per tenant per sweep, so one large tenant cannot hold a sweep forever. */
const MAX_BATCHES = 50;

export interface SweepResult {
  released: number;
  expiredMembers: number;
}

/** One sweep over every tenant with something due; `now` is for tests. */
export async function sweepLedger(db: Database, now: Date | null = null): Promise<SweepResult> {
  const at = (now ?? new Date()).toISOString();
  const tenants = await db.query<{ tenant_id: string }>(
    `SELECT tenant_id FROM ledger_entries
      WHERE kind = 'award' AND bucket = 'pending' AND available_at <= $1::timestamptz
     UNION
     SELECT tenant_id FROM point_lots WHERE remaining > 0 AND expires_at <= $1::timestamptz`,
    [at],
  );
  const result: SweepResult = { released: 0, expiredMembers: 0 };
  for (const { tenant_id: tenantId } of tenants) {
    for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
      const released = await db.tenant(tenantId, (tx) =>
        releaseDuePending(tx, tenantId, { limit: BATCH, now: now ?? undefined }),
      );
      result.released += released;
      if (released < BATCH) {
        break;
      }
    }
    for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
      const expired = await db.tenant(tenantId, (tx) =>
        expireDueForTenant(tx, tenantId, { limit: BATCH, now: now ?? undefined }),
      );
      result.expiredMembers += expired;
      if (expired < BATCH) {
        break;
      }
    }
  }
  return result;
}

/** Hours between reconciliations of every tenant's ledger by the background job. */
const RECONCILE_HOURS = 6;

/**
 * Reconciles every tenant that has a ledger; logs drift as an error (it means a defect).
 * @returns the tenants with drift, and how many members drifted in each
 */
export async function reconcileAll(
  db: Database,
  logger: GuildLogger,
): Promise<{ tenantId: string; members: number }[]> {
  const tenants = await db.query<{ tenant_id: string }>(
    'SELECT DISTINCT tenant_id FROM point_balances',
  );
  const drifted: { tenantId: string; members: number }[] = [];
  for (const { tenant_id: tenantId } of tenants) {
    const report = await db.tenant(tenantId, (tx) => reconcile(tx));
    const members = new Set(report.drift.map((drift) => drift.userId)).size;
    if (members > 0) {
      drifted.push({ tenantId, members });
      logger.error(
        { category: 'points', tenantId, members, drift: report.drift.slice(0, 20) },
        'points ledger drift found',
      );
    } else {
      logger.info(
        { category: 'points', tenantId, members: report.membersChecked },
        'points ledger reconciled: no drift',
      );
    }
  }
  return drifted;
}

/** Sweeps every `seconds`, and reconciles every few hours, until the returned function is called. */
export function startLedgerSweeper(
  db: Database,
  logger: GuildLogger,
  seconds: number,
): () => Promise<void> {
  const stopReconciling = repeatEvery(
    () => RECONCILE_HOURS * 3600,
    async () => {
      await reconcileAll(db, logger);
    },
    (error) => logger.error({ category: 'points', err: error }, 'points reconciliation failed'),
  );
  const stopSweeping = repeatEvery(
    () => seconds,
    async () => {
      const result = await sweepLedger(db);
      if (result.released > 0 || result.expiredMembers > 0) {
        logger.info({ category: 'points', ...result }, 'points released and expired');
      }
    },
    (error) => logger.error({ category: 'points', err: error }, 'points sweep failed'),
  );
  return async () => {
    await Promise.all([stopReconciling(), stopSweeping()]);
  };
}
