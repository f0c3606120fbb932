/**
 * Runs deliveries as background jobs: one `deliver-event` job per try of a delivery. A failed
 * try records when the next one is due and queues a job that starts then; after the last try
 * the delivery is dead and stays so until an admin replays it.
 *
 * Guild keeps the schedule on the delivery row itself (`next_attempt_at`), not in the job
 * queue, so the admin sees when the next try comes, and so that a lost job loses nothing: the
 * sweeper re-queues any pending delivery that is overdue (the process died between commit and
 * queueing, or between two tries). A duplicate job is harmless: only one job can claim a try.
 */
import type { Database } from '../../core/db/database.js';
import { JobTask, type JobRunner, type TenantJobData } from '../../core/jobs/jobs.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { GuildLogger } from '../../core/logging/logger.js';
import { attemptDelivery, type DeliverySettings } from './delivery-attempts.js';
import { pendingDeliveryIds } from './outbox.js';

export interface DeliveryJobData extends TenantJobData {
  deliveryId: string;
}

/** The job that makes one try of one delivery. */
export class DeliverEventTask extends JobTask<DeliveryJobData> {
  readonly name = 'deliver-event';
  // Calls to partners fail as a matter of course and are retried on Guild's own schedule;
  // the job queue's retries are left for failures of Guild itself (the database).
  override readonly retryLimit = 3;
  // Tries wait on the network; several at once keep one slow endpoint from holding up others.
  override readonly concurrency = 5;

  constructor(
    private readonly settings: DeliverySettings,
    private readonly logger: GuildLogger,
    private readonly retryLater: (data: DeliveryJobData, seconds: number) => Promise<void>,
  ) {
    super();
  }

  async run(data: DeliveryJobData, context: { db: Database }): Promise<void> {
    const result = await attemptDelivery(context.db, data.tenantId, data.deliveryId, this.settings);
    if (result === null) {
      return;
    }
    const log = { category: 'job', tenantId: data.tenantId, deliveryId: data.deliveryId };
    if (result.status === 'dead') {
      this.logger.warn({ ...log, attempts: result.attempt }, 'delivery dead after its last try');
    } else if (result.retryInSeconds !== null) {
      await this.retryLater(data, result.retryInSeconds);
    }
  }
}

/** How often the sweeper looks, and how overdue a delivery must be before it counts as lost. */
function sweepSeconds(settings: DeliverySettings): number {
  return Math.min(Math.max(settings.retrySeconds, 1), 60);
}

/** Seconds a due job may take to be picked up by a worker (the queue is polled every 2 s). */
const PICK_UP_SECONDS = 2;
const SWEEP_BATCH = 100;

/** Queues tries of deliveries; handed to the routes and to whatever emits events. */
export class OutboundQueue {
  private readonly task: DeliverEventTask;

  constructor(
    private readonly db: Database,
    private readonly jobs: JobRunner,
    private readonly settings: DeliverySettings,
    private readonly logger: GuildLogger,
  ) {
    this.task = new DeliverEventTask(settings, logger, (data, seconds) => this.send(data, seconds));
    jobs.register(this.task);
  }

  /**
   * Call once the transaction that emitted `eventId` has committed: queues the first try of
   * each of its deliveries. Never throws; what it could not queue, the sweeper will.
   */
  afterCommit(tenantId: string, eventId: string): void {
    this.db
      .tenant(tenantId, (tx) => pendingDeliveryIds(tx, eventId))
      .then((ids) => Promise.all(ids.map((deliveryId) => this.send({ tenantId, deliveryId }, 0))))
      .catch((error: unknown) => this.couldNotQueue(error, { tenantId, eventId }));
  }

  /** Queues a try of one delivery now (after a replay or a ping). Never throws. */
  deliverNow(tenantId: string, deliveryId: string): void {
    this.send({ tenantId, deliveryId }, 0).catch((error: unknown) =>
      this.couldNotQueue(error, { tenantId, deliveryId }),
    );
  }

  private async send(data: DeliveryJobData, seconds: number): Promise<void> {
    await this.jobs.send(this.task, data, { delaySeconds: seconds });
  }

  private couldNotQueue(error: unknown, context: Record<string, string>): void {
    this.logger.error(
      { category: 'job', err: error, ...context },
      'could not queue a delivery; the sweeper will',
    );
  }

  /**
   * Re-queues pending deliveries that are overdue by more than a sweep interval, oldest
   * first, at most 100 at a time; returns how many. It reads across tenants (as the owner)
   * only to learn which deliveries of which tenant to queue; each job then works inside its
   * tenant.
   */
  async sweep(): Promise<number> {
    const overdueSeconds = sweepSeconds(this.settings) + PICK_UP_SECONDS;
    const rows = await this.db.query<{ id: string; tenant_id: string }>(
      `SELECT id, tenant_id FROM deliveries
        WHERE status = 'pending' AND next_attempt_at < now() - $1::int * interval '1 second'
        ORDER BY next_attempt_at LIMIT ${SWEEP_BATCH}`,
      [overdueSeconds],
    );
    for (const row of rows) {
      await this.send({ tenantId: row.tenant_id, deliveryId: row.id }, 0);
    }
    return rows.length;
  }

  /** Sweeps every interval until the returned function is called (it waits for a sweep). */
  startSweeper(): () => Promise<void> {
    return repeatEvery(
      () => sweepSeconds(this.settings),
      async () => {
        const count = await this.sweep();
        if (count > 0) {
          this.logger.warn({ category: 'job', count }, 'overdue deliveries queued again');
        }
      },
      (error) => this.logger.error({ category: 'job', err: error }, 'delivery sweep failed'),
    );
  }
}
