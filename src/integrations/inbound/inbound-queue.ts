/**
 * Processes inbound webhook events in the background: one `process-webhook-event` job per
 * event, queued once the transaction that stored the event has committed.
 *
 * A job processes its event in one tenant transaction, all or nothing: the records it writes
 * and the event's new status commit together. It first locks the event row (skipping a row
 * another job holds), and only an event still `queued` is processed, so a duplicate job, a
 * sweeper's job and a partner's repeated delivery all end in one processing.
 *
 * A failure rolls everything back; a second, short transaction then counts the try and keeps a
 * one-line reason. The job then fails, and the job queue tries again later with growing waits
 * (`retrySeconds`, then about twice as long each time). After `maxAttempts` tries, or at once
 * for a payload that can never be applied, the event is `failed` and waits for an admin's
 * replay.
 *
 * The sweeper covers what a lost job would leave behind: it queues again every event that is
 * queued, has never failed and has waited longer than a sweep (the process stopped between
 * commit and queueing), and it releases parked refunds whose order has arrived by another way
 * (an import, another source).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { JobTask, type JobRunner, type TenantJobData } from '../../core/jobs/jobs.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { GuildLogger } from '../../core/logging/logger.js';
import { integrationSources, webhookEvents } from '../integrations.table.js';
import { isInboundTopic, readEventData } from './inbound-payloads.js';
import { applyEvent, PermanentFailure } from './inbound-processing.js';

export interface InboundSettings {
  /** Tries before an event is failed. */
  maxAttempts: number;
  /** Wait after the first failed try; later waits grow. */
  retrySeconds: number;
}

export interface WebhookEventJobData extends TenantJobData {
  webhookEventId: string;
}

export type ProcessOutcome =
  | { kind: 'skipped' }
  | { kind: 'done'; status: 'processed' | 'parked' | 'ignored'; released: string[] }
  | { kind: 'retry'; reason: string; attempts: number }
  | { kind: 'failed'; reason: string; attempts: number };

const MAX_REASON_LENGTH = 200;

/**
 * One line about a failure, without stack, SQL or parameters: the innermost cause's first
 * line (a database error wrapped by the query builder carries the statement in its own text).
 */
export function failureReason(error: unknown): string {
  if (error instanceof PermanentFailure || error instanceof GuildError) {
    return error.message.slice(0, MAX_REASON_LENGTH);
  }
  let current: unknown = error;
  for (let depth = 0; depth < 4; depth += 1) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (!(cause instanceof Error)) {
      break;
    }
    current = cause;
  }
  const text = current instanceof Error ? current.message : String(current);
  const line = text.split('\n', 1)[0]?.trim() || 'Unknown error';
  return line.slice(0, MAX_REASON_LENGTH);
}

function permanent(error: unknown): boolean {
  return (
    error instanceof PermanentFailure ||
    (error instanceof GuildError && error.code === 'validation_failed')
  );
}

/** Makes queued any parked events waiting for one of `keys`; returns their ids. */
export async function releaseParked(tx: Orm, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) {
    return [];
  }
  const rows = await tx
    .update(webhookEvents)
    .set({ status: 'queued', waitingFor: null })
    .where(and(eq(webhookEvents.status, 'parked'), inArray(webhookEvents.waitingFor, [...keys])))
    .returning({ id: webhookEvents.id });
  return rows.map((row) => row.id);
}

async function processInTransaction(
  tx: Orm,
  tenantId: string,
  id: string,
): Promise<ProcessOutcome> {
  const [event] = await tx
    .select({
      id: webhookEvents.id,
      sourceId: webhookEvents.sourceId,
      topic: webhookEvents.topic,
      payload: webhookEvents.payload,
    })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, id), eq(webhookEvents.status, 'queued')))
    .for('update', { skipLocked: true });
  if (!event) {
    return { kind: 'skipped' };
  }
  const tried = { attempts: sql`${webhookEvents.attempts} + 1`, lastError: null };
  if (!isInboundTopic(event.topic)) {
    await tx
      .update(webhookEvents)
      .set({ ...tried, status: 'ignored' })
      .where(eq(webhookEvents.id, id));
    return { kind: 'done', status: 'ignored', released: [] };
  }
  const [source] = await tx
    .select({ slug: integrationSources.slug })
    .from(integrationSources)
    .where(eq(integrationSources.id, event.sourceId));
  const parsed = readEventData(event.topic, event.payload.data);
  const applied = await applyEvent(tx, tenantId, parsed, `webhook:${source?.slug ?? 'unknown'}`);

  if (applied.status === 'parked') {
    await tx
      .update(webhookEvents)
      .set({ ...tried, status: 'parked', waitingFor: applied.waitingFor })
      .where(eq(webhookEvents.id, id));
    return { kind: 'done', status: 'parked', released: [] };
  }
  await tx
    .update(webhookEvents)
    .set({ ...tried, status: 'processed', waitingFor: null, processedAt: sql`now()` })
    .where(eq(webhookEvents.id, id));
  const released = await releaseParked(tx, applied.arrived);
  return { kind: 'done', status: 'processed', released };
}

/**
 * Tries one event once. Never throws for a failure of the event's work (that is counted on the
 * event); throws only when even counting it fails (the database is away).
 */
export async function processWebhookEvent(
  db: Database,
  tenantId: string,
  id: string,
  maxAttempts: number,
): Promise<ProcessOutcome> {
  try {
    return await db.tenant(tenantId, (tx) => processInTransaction(tx, tenantId, id));
  } catch (error) {
    const reason = failureReason(error);
    const status = permanent(error)
      ? sql`'failed'`
      : sql`case when ${webhookEvents.attempts} + 1 >= ${maxAttempts} then 'failed' else 'queued' end`;
    const [row] = await db.tenant(tenantId, (tx) =>
      tx
        .update(webhookEvents)
        .set({ attempts: sql`${webhookEvents.attempts} + 1`, lastError: reason, status })
        .where(and(eq(webhookEvents.id, id), eq(webhookEvents.status, 'queued')))
        .returning({ status: webhookEvents.status, attempts: webhookEvents.attempts }),
    );
    if (!row) {
      return { kind: 'skipped' };
    }
    return row.status === 'queued'
      ? { kind: 'retry', reason, attempts: row.attempts }
      : { kind: 'failed', reason, attempts: row.attempts };
  }
}

/** The job that processes one inbound event. */
export class ProcessWebhookEventTask extends JobTask<WebhookEventJobData> {
  readonly name = 'process-webhook-event';
  // The queue's own retries carry Guild's: a failed try throws, and the queue runs the job
  // again after its backoff. Two more than Guild's limit, so that Guild decides when to stop.
  override readonly retryLimit: number;
  override readonly retryDelaySeconds: number;
  override readonly concurrency = 2;

  constructor(
    private readonly db: Database,
    private readonly settings: InboundSettings,
    private readonly logger: GuildLogger,
    private readonly released: (tenantId: string, ids: string[]) => void,
  ) {
    super();
    this.retryLimit = settings.maxAttempts + 2;
    this.retryDelaySeconds = Math.max(1, settings.retrySeconds);
  }

  async run(data: WebhookEventJobData, context: { db: Database }): Promise<void> {
    const outcome = await processWebhookEvent(
      context.db,
      data.tenantId,
      data.webhookEventId,
      this.settings.maxAttempts,
    );
    const log = { category: 'job', tenantId: data.tenantId, webhookEventId: data.webhookEventId };
    switch (outcome.kind) {
      case 'retry':
        // Only the short reason: the original error may quote the event's data.
        throw new Error(`Webhook event try ${outcome.attempts} failed: ${outcome.reason}`);
      case 'failed':
        this.logger.warn(
          { ...log, attempts: outcome.attempts, reason: outcome.reason },
          'webhook event failed',
        );
        return;
      case 'done':
        if (outcome.released.length > 0) {
          this.released(data.tenantId, outcome.released);
        }
        return;
      case 'skipped':
        return;
    }
  }

  /** The queue gave up before Guild did (the database kept failing): the event is failed. */
  override onFailed(data: WebhookEventJobData, error: unknown, logger: GuildLogger): void {
    super.onFailed(data, error, logger);
    this.db
      .tenant(data.tenantId, (tx) =>
        tx
          .update(webhookEvents)
          .set({ status: 'failed', lastError: failureReason(error) })
          .where(
            and(eq(webhookEvents.id, data.webhookEventId), eq(webhookEvents.status, 'queued')),
          ),
      )
      .catch((failure: unknown) =>
        logger.error({ category: 'job', err: failure }, 'could not mark a webhook event failed'),
      );
  }
}

/** How often the sweeper looks, and how long a queued event waits before it counts as lost. */
function sweepSeconds(settings: InboundSettings): number {
  return Math.min(Math.max(settings.retrySeconds, 1), 60);
}

/** Seconds a due job may take to be picked up by a worker (the queue is polled every 2 s). */
const PICK_UP_SECONDS = 2;
const SWEEP_BATCH = 100;

/** Queues processing of inbound events; handed to the routes. */
export class InboundQueue {
  private readonly task: ProcessWebhookEventTask;

  constructor(
    private readonly db: Database,
    private readonly jobs: JobRunner,
    private readonly settings: InboundSettings,
    private readonly logger: GuildLogger,
  ) {
    this.task = new ProcessWebhookEventTask(db, settings, logger, (tenantId, ids) =>
      this.queue(tenantId, ids),
    );
    jobs.register(this.task);
  }

  /**
   * Call once the transaction that stored or re-queued `ids` has committed. Never throws; what
   * it could not queue, the sweeper will.
   */
  queue(tenantId: string, ids: readonly string[]): void {
    for (const webhookEventId of ids) {
      this.jobs
        .send(this.task, { tenantId, webhookEventId })
        .catch((error: unknown) =>
          this.logger.error(
            { category: 'job', err: error, tenantId, webhookEventId },
            'could not queue a webhook event; the sweeper will',
          ),
        );
    }
  }

  /**
   * Releases parked events whose order has arrived, and queues again events that are queued,
   * never failed, and overdue by more than a sweep. It reads across tenants (as the owner)
   * only to learn which events of which tenant to touch; each change is made inside its tenant.
   * @returns how many events were released and how many queued again
   */
  async sweep(): Promise<{ released: number; requeued: number }> {
    const arrived = await this.db.query<{ id: string; tenant_id: string }>(
      `SELECT e.id, e.tenant_id FROM webhook_events e
        WHERE e.status = 'parked' AND e.waiting_for LIKE 'order:%'
          AND EXISTS (SELECT 1 FROM orders o WHERE o.tenant_id = e.tenant_id
                        AND o.external_id = substr(e.waiting_for, 7))
        ORDER BY e.received_at LIMIT ${SWEEP_BATCH}`,
    );
    let released = 0;
    for (const [tenantId, ids] of byTenant(arrived)) {
      const rows = await this.db.tenant(tenantId, (tx) =>
        tx
          .update(webhookEvents)
          .set({ status: 'queued', waitingFor: null })
          .where(and(inArray(webhookEvents.id, ids), eq(webhookEvents.status, 'parked')))
          .returning({ id: webhookEvents.id }),
      );
      released += rows.length;
      this.queue(
        tenantId,
        rows.map((row) => row.id),
      );
    }

    const lost = await this.db.query<{ id: string; tenant_id: string }>(
      `SELECT id, tenant_id FROM webhook_events
        WHERE status = 'queued' AND last_error IS NULL
          AND received_at < now() - $1::int * interval '1 second'
        ORDER BY received_at LIMIT ${SWEEP_BATCH}`,
      [sweepSeconds(this.settings) + PICK_UP_SECONDS],
    );
    for (const [tenantId, ids] of byTenant(lost)) {
      for (const webhookEventId of ids) {
        await this.jobs.send(this.task, { tenantId, webhookEventId });
      }
    }
    return { released, requeued: lost.length };
  }

  /** Sweeps every interval until the returned function is called (it waits for a sweep). */
  startSweeper(): () => Promise<void> {
    return repeatEvery(
      () => sweepSeconds(this.settings),
      async () => {
        const { released, requeued } = await this.sweep();
        if (released > 0) {
          this.logger.info({ category: 'job', released }, 'parked webhook events released');
        }
        if (requeued > 0) {
          this.logger.info({ category: 'job', requeued }, 'queued webhook events sent again');
        }
      },
      (error) => this.logger.error({ category: 'job', err: error }, 'webhook event sweep failed'),
    );
  }
}

function byTenant(rows: { id: string; tenant_id: string }[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const row of rows) {
    const ids = grouped.get(row.tenant_id) ?? [];
    ids.push(row.id);
    grouped.set(row.tenant_id, ids);
  }
  return grouped;
}
