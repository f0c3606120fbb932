/**
 * Live updates for the dashboards: a server-sent event stream per open dashboard. While
 * someone watches a tenant, its fingerprint (the rollup counters of the last two months and
 * the newest change of the tables the dashboards read) is read every few seconds and every
 * watcher is told when it changed.
 *
 * Who reads it: with Redis, one process per tenant at a time (it holds the tenant's lease on
 * the cluster bus) and publishes the fingerprint; every process hears it and tells its own
 * watchers. Without Redis, or while Redis is away, each process reads it for itself from the
 * shared database. Either way a change made through any process reaches watchers on all.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { ClusterBus } from '../../core/cluster/bus.js';
import { warnEvery } from '../../core/cluster/redis.js';
import { sqlRows, type Database } from '../../core/db/database.js';
import type { GuildLogger } from '../../core/logging/logger.js';

interface Watched {
  watchers: Set<ServerResponse>;
  version: string | null;
  timer: NodeJS.Timeout;
  unsubscribe: Promise<() => Promise<void>>;
}

/** Reads the tenant's fingerprint: it changes whenever a dashboard figure does. */
export async function figuresVersion(db: Database, tenantId: string): Promise<string> {
  const [row] = await db.tenant(tenantId, (tx) =>
    sqlRows<{ version: string }>(
      tx,
      sql`select concat_ws(':',
          (select coalesce(sum(engaged + monthly_active + active_member_days + posts + comments
              + reactions + answers + challenge_steps + joined + removed), 0)
             from analytics_month_counts where month >= date_trunc('month', now()) - interval '1 month'),
          (select coalesce(sum(items + automatic + human + human_reviews + audited), 0)
             from analytics_moderation_months
            where month >= date_trunc('month', now()) - interval '1 month'),
          (select max(first_decided_at) from content_submissions),
          (select max(at) from ambassador_transitions),
          (select max(greatest(created_at, removed_at)) from program_costs),
          (select max(created_at) from analytics_lift_runs),
          (select max(id) from ledger_entries)) as version`,
    ),
  );
  return createHash('sha256')
    .update(row?.version ?? '')
    .digest('base64url')
    .slice(0, 16);
}

const channel = (tenantId: string) => `live:${tenantId}`;

export class LiveFigures {
  private readonly watched = new Map<string, Watched>();
  private readonly warnBus: (error: unknown) => void;

  constructor(
    private readonly db: Database,
    private readonly logger: GuildLogger,
    private readonly bus: ClusterBus,
    private readonly intervalMs = 5_000,
  ) {
    this.warnBus = warnEvery(30_000, (error: unknown) =>
      logger.warn({ category: 'cluster', err: error }, 'live figures: bus failed; reading alone'),
    );
  }

  /** Streams `metrics` events to `out` until the client goes away. */
  watch(tenantId: string, out: ServerResponse): void {
    let entry = this.watched.get(tenantId);
    if (!entry) {
      const created: Watched = {
        watchers: new Set(),
        version: null,
        timer: setInterval(() => void this.tick(tenantId), this.intervalMs),
        unsubscribe: this.bus
          .subscribe(channel(tenantId), (version) => this.deliver(tenantId, version))
          .catch((error: unknown) => {
            this.warnBus(error);
            return () => Promise.resolve();
          }),
      };
      created.timer.unref();
      this.watched.set(tenantId, created);
      entry = created;
      // The first watcher here hears the figures at once, whoever leads the polling.
      void this.read(tenantId).then((version) => version && this.deliver(tenantId, version));
      void this.tick(tenantId);
    }
    entry.watchers.add(out);
    out.write(`retry: ${this.intervalMs}\n\n`);
    if (entry.version !== null) {
      send(out, entry.version);
    }
    const watched = entry;
    out.on('close', () => {
      watched.watchers.delete(out);
      if (watched.watchers.size === 0 && this.watched.get(tenantId) === watched) {
        void this.forget(tenantId, watched);
      }
    });
  }

  /** Ends every stream (the server is stopping). */
  async close(): Promise<void> {
    const entries = [...this.watched.entries()];
    this.watched.clear();
    for (const [tenantId, entry] of entries) {
      for (const out of entry.watchers) {
        out.end();
      }
      await this.forget(tenantId, entry);
    }
  }

  private async forget(tenantId: string, entry: Watched): Promise<void> {
    clearInterval(entry.timer);
    if (this.watched.get(tenantId) === entry) {
      this.watched.delete(tenantId);
    }
    await (await entry.unsubscribe)().catch(this.warnBus);
    await this.bus.resign(channel(tenantId)).catch(this.warnBus);
  }

  /** One round: the leader reads and publishes; while the bus fails, this process reads alone. */
  private async tick(tenantId: string): Promise<void> {
    let leading: boolean;
    try {
      leading = await this.bus.lead(channel(tenantId), this.intervalMs * 2);
    } catch (error) {
      this.warnBus(error);
      const version = await this.read(tenantId);
      if (version) {
        this.deliver(tenantId, version);
      }
      return;
    }
    if (!leading) {
      return;
    }
    const version = await this.read(tenantId);
    if (!version) {
      return;
    }
    await this.bus.publish(channel(tenantId), version).catch((error: unknown) => {
      this.warnBus(error);
      this.deliver(tenantId, version);
    });
  }

  private async read(tenantId: string): Promise<string | null> {
    try {
      return await figuresVersion(this.db, tenantId);
    } catch (error) {
      this.logger.warn({ err: error, tenantId }, 'live figures: poll failed');
      return null;
    }
  }

  /** Tells this process's watchers: the new version, or that the stream is still alive. */
  private deliver(tenantId: string, version: string): void {
    const entry = this.watched.get(tenantId);
    if (!entry) {
      return;
    }
    if (version !== entry.version) {
      entry.version = version;
      for (const out of entry.watchers) {
        send(out, version);
      }
    } else {
      for (const out of entry.watchers) {
        out.write(': still here\n\n');
      }
    }
  }
}

function send(out: ServerResponse, version: string): void {
  out.write(`event: metrics\ndata: ${JSON.stringify({ version })}\n\n`);
}
