/**
 * What Guild processes share beyond the database: where rate limits are counted and the bus
 * that carries live updates between them. Chosen once from the configuration (see
 * docs/operations.md): PGlite is one process; a PostgreSQL server is shared through its
 * tables; Redis, when set, takes rate limits and fan-out off the database.
 */
import type { GuildConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { repeatEvery } from '../jobs/repeat.js';
import type { GuildLogger } from '../logging/logger.js';
import { LocalBus, RedisBus, type ClusterBus } from './bus.js';
import {
  FallbackCounter,
  MemoryCounter,
  PostgresCounter,
  RedisCounter,
  type HitCounter,
} from './rate-limits.js';
import { openRedis } from './redis.js';

export interface Cluster {
  readonly rateLimits: HitCounter;
  readonly bus: ClusterBus;
  /** Seconds between reads of live figures. */
  readonly livePollSeconds: number;
  close(): Promise<void>;
}

/**
 * Opens what the configuration asks for. The start waits a moment for Redis, never for long:
 * without it, each process goes on alone until it is back.
 */
export async function openCluster(
  config: GuildConfig,
  db: Database,
  logger: GuildLogger,
): Promise<Cluster> {
  const { redisUrl, redisPrefix, livePollSeconds } = config.cluster;
  const redis = redisUrl === null ? null : openRedis(redisUrl, logger);
  if (redis && !(await redis.ready())) {
    logger.warn({ category: 'cluster' }, 'Redis did not answer at start; going on without it');
  }
  const shared: HitCounter | null = redis
    ? new RedisCounter(redis.commands, redisPrefix)
    : db.kind === 'postgres'
      ? new PostgresCounter(db)
      : null;
  const rateLimits = shared ? new FallbackCounter(shared, logger) : new MemoryCounter();
  const bus = redis ? new RedisBus(redis, redisPrefix) : new LocalBus();
  const stopSweeping = repeatEvery(
    () => 60,
    () => rateLimits.sweep(),
    (error) => logger.warn({ category: 'cluster', err: error }, 'rate limits: sweep failed'),
  );
  logger.info(
    { category: 'cluster', rateLimits: rateLimits.where, fanOut: bus.shared ? 'redis' : 'none' },
    'shared state',
  );
  return {
    rateLimits,
    bus,
    livePollSeconds,
    close: async () => {
      await stopSweeping();
      await redis?.close();
    },
  };
}
