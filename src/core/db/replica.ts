/**
 * Reads that may come from a read replica: the dashboards' figures and reports. Each runs in a
 * read-only tenant transaction on the replica; while the replica cannot be reached, the same
 * read runs on the primary instead (a warning is logged now and then), so a lost standby slows
 * nothing but the primary.
 */
import { sql } from 'drizzle-orm';
import { warnEvery } from '../cluster/redis.js';
import type { GuildLogger } from '../logging/logger.js';
import { isUnavailable } from './db-errors.js';
import { openDatabase, type Database, type Orm } from './database.js';

export interface Reads {
  tenant<T>(tenantId: string, work: (db: Orm) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Reads on `url` when given, else on the primary itself. */
export function openReads(
  primary: Database,
  url: string | null,
  poolSize: number,
  logger: GuildLogger,
): Reads {
  if (url === null) {
    return { tenant: (tenantId, work) => primary.tenant(tenantId, work), close: async () => {} };
  }
  const replica = openDatabase({ url, pgliteDir: '', poolSize });
  const warn = warnEvery(30_000, (error: unknown) =>
    logger.warn({ category: 'db', err: error }, 'read replica unreachable; reading the primary'),
  );
  return {
    tenant: async (tenantId, work) => {
      try {
        return await replica.tenant(tenantId, async (tx) => {
          await tx.execute(sql`set transaction read only`);
          return work(tx);
        });
      } catch (error) {
        if (!isUnavailable(error)) {
          throw error;
        }
        warn(error);
        return primary.tenant(tenantId, work);
      }
    },
    close: () => replica.close(),
  };
}
