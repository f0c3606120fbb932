/**
 * Background jobs, kept in PostgreSQL by pg-boss so they survive restarts and are shared by
 * every Guild process. Each kind of job is one `JobTask` subclass with its own retry policy;
 * a job's data always names its tenant, and its handler works inside that tenant only.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.js';
import type { GuildLogger } from '../logging/logger.js';

/** Every job's data carries the tenant it belongs to. */
export interface TenantJobData {
  tenantId: string;
}

/** One kind of background job: its queue name, its retry policy and its work. */
export abstract class JobTask<Data extends TenantJobData> {
  abstract readonly name: string;
  readonly retryLimit: number = 5;
  readonly retryDelaySeconds: number = 10;
  readonly expireInSeconds: number = 15 * 60;
  /** How many jobs of this kind one process runs at once (e.g. calls that wait on a network). */
  readonly concurrency: number = 1;

  /** Does the work; throwing makes pg-boss retry with backoff until `retryLimit`. */
  abstract run(data: Data, context: { jobId: string; db: Database }): Promise<void>;

  /** Called once the last retry has failed. */
  onFailed(data: Data, error: unknown, logger: GuildLogger): void {
    logger.error(
      { category: 'job', job: this.name, tenantId: data.tenantId, err: error },
      'job failed for good',
    );
  }
}

export interface JobRunnerOptions {
  /** Run handlers in this process (false: only enqueue, e.g. in the CLI). */
  work?: boolean;
  pollingIntervalSeconds?: number;
}

/** Starts pg-boss on Guild's database (PGlite or a server), registers tasks, sends jobs. */
export class JobRunner {
  private readonly boss: PgBoss;
  private readonly tasks = new Map<string, JobTask<TenantJobData>>();
  private started = false;

  constructor(
    private readonly db: Database,
    private readonly logger: GuildLogger,
    private readonly options: JobRunnerOptions = {},
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => db.jobSql(text, values) },
      schema: 'pgboss',
      supervise: true,
      schedule: false,
      migrate: true,
    });
    this.boss.on('error', (error) =>
      logger.error({ category: 'job', err: error }, 'job queue error'),
    );
  }

  /** Adds a kind of job; call before `start`. */
  register<Data extends TenantJobData>(task: JobTask<Data>): void {
    this.tasks.set(task.name, task);
  }

  /** Starts the queue when there is work to do; with no tasks it starts on the first send. */
  async start(): Promise<void> {
    if (this.tasks.size === 0 || this.started) {
      return;
    }
    // Processes starting together on a new database would each install the queue's schema and
    // queues at once, and one of them fail on the other's rows: one at a time, the others then
    // find it done.
    await this.db.exclusive('guild.jobs.install', async () => {
      await this.boss.start();
      for (const task of this.tasks.values()) {
        await this.createQueue(task);
      }
    });
    this.started = true;
    for (const task of this.tasks.values()) {
      if (this.options.work !== false) {
        for (let worker = 0; worker < task.concurrency; worker += 1) {
          await this.work(task);
        }
      }
    }
  }

  /**
   * Creates the task's queue unless it exists (pg-boss skips a queue it has). Called under the
   * install lock of `start`, so processes starting together never race here.
   */
  private async createQueue(task: JobTask<TenantJobData>): Promise<void> {
    await this.boss.createQueue(task.name, {
      name: task.name,
      retryLimit: task.retryLimit,
      retryDelay: task.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: task.expireInSeconds,
    });
  }

  private async work(task: JobTask<TenantJobData>): Promise<void> {
    const pollingIntervalSeconds = this.options.pollingIntervalSeconds ?? 2;
    await this.boss.work<TenantJobData>(
      task.name,
      { pollingIntervalSeconds, includeMetadata: true },
      async ([job]) => {
        if (!job) {
          return;
        }
        const log = { category: 'job', job: task.name, jobId: job.id, tenantId: job.data.tenantId };
        try {
          await task.run(job.data, { jobId: job.id, db: this.db });
          this.logger.info(log, 'job done');
        } catch (error) {
          if (job.retryCount >= task.retryLimit) {
            task.onFailed(job.data, error, this.logger);
          } else {
            this.logger.warn({ ...log, err: error, retry: job.retryCount + 1 }, 'job will retry');
          }
          throw error;
        }
      },
    );
  }

  /**
   * Enqueues a job of a registered kind; returns its id.
   * @param options.delaySeconds the job starts no sooner than this long after it is sent
   */
  async send<Data extends TenantJobData>(
    task: JobTask<Data>,
    data: Data,
    options: { delaySeconds?: number } = {},
  ): Promise<string> {
    if (!this.tasks.has(task.name)) {
      throw new Error(`Job ${task.name} is not registered`);
    }
    await this.start();
    const delay = options.delaySeconds ?? 0;
    const id = await this.boss.send(task.name, data, delay > 0 ? { startAfter: delay } : {});
    if (id === null) {
      throw new Error(`Job ${task.name} was not accepted`);
    }
    return id;
  }

  /** A job's state, for status pages and tests. */
  async state(task: JobTask<TenantJobData>, id: string): Promise<string | null> {
    const job = await this.boss.getJobById(task.name, id);
    return job?.state ?? null;
  }

  /** Lets running jobs finish (up to 10 s), then stops. */
  async stop(): Promise<void> {
    if (this.started) {
      await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      this.started = false;
    }
  }
}
