/**
 * Live updates for the dashboards: a server-sent event stream per open dashboard. One poller
 * per tenant and process reads a fingerprint of the tenant's figures (the rollup counters of
 * the last two months and the newest change of the tables the dashboards read) every few
 * seconds while someone watches, and tells every watcher when it changed. Works across many
 * processes: each polls the shared database, nothing is held in memory but the watchers.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { sqlRows, type Database } from '../../core/db/database.js';
import type { GuildLogger } from '../../core/logging/logger.js';

interface Watched {
  watchers: Set<ServerResponse>;
  version: string | null;
  timer: NodeJS.Timeout;
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

export class LiveFigures {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly db: Database,
    private readonly logger: GuildLogger,
    private readonly intervalMs = 5_000,
  ) {}

  /** Streams `metrics` events to `out` until the client goes away. */
  watch(tenantId: string, out: ServerResponse): void {
    let entry = this.watched.get(tenantId);
    if (!entry) {
      const created: Watched = {
        watchers: new Set(),
        version: null,
        timer: setInterval(() => void this.poll(tenantId, created), this.intervalMs),
      };
      created.timer.unref();
      this.watched.set(tenantId, created);
      entry = created;
      void this.poll(tenantId, created);
    }
    entry.watchers.add(out);
    out.write(`retry: ${this.intervalMs}\n\n`);
    if (entry.version !== null) {
      send(out, entry.version);
    }
    const watched = entry;
    out.on('close', () => {
      watched.watchers.delete(out);
      if (watched.watchers.size === 0) {
        clearInterval(watched.timer);
        this.watched.delete(tenantId);
      }
    });
  }

  /** Ends every stream (the server is stopping). */
  close(): void {
    for (const entry of this.watched.values()) {
      clearInterval(entry.timer);
      for (const out of entry.watchers) {
        out.end();
      }
    }
    this.watched.clear();
  }

  private async poll(tenantId: string, entry: Watched): Promise<void> {
    try {
      const version = await figuresVersion(this.db, tenantId);
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
    } catch (error) {
      this.logger.warn({ err: error, tenantId }, 'live figures: poll failed');
    }
  }
}

function send(out: ServerResponse, version: string): void {
  out.write(`event: metrics\ndata: ${JSON.stringify({ version })}\n\n`);
}
