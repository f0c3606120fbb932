/**
 * Where write rate limits are counted. One process on PGlite counts in memory; several
 * processes count in one place: Redis when REDIS_URL is set, otherwise the PostgreSQL server
 * they share. When that place fails, counting goes on in memory (per process) and a warning is
 * logged, so limits still hold roughly and members can still write.
 */
import type { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import type { GuildLogger } from '../logging/logger.js';
import { warnEvery } from './redis.js';

export interface Hits {
  /** Requests counted in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/** Counts a request under a key in a fixed window. */
export interface HitCounter {
  readonly where: 'memory' | 'postgres' | 'redis';
  hit(key: string, windowMs: number): Promise<Hits>;
  /** Forgets windows that have ended (a counter that keeps them). */
  sweep(): Promise<void>;
}

export class MemoryCounter implements HitCounter {
  readonly where = 'memory';
  private readonly windows = new Map<string, { hits: number; resetsAt: number }>();

  hit(key: string, windowMs: number): Promise<Hits> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { hits: 0, resetsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return Promise.resolve({ current: window.hits, ttl: window.resetsAt - now });
  }

  sweep(): Promise<void> {
    const now = Date.now();
    for (const [key, window] of this.windows) {
      if (window.resetsAt <= now) {
        this.windows.delete(key);
      }
    }
    return Promise.resolve();
  }
}

export class PostgresCounter implements HitCounter {
  readonly where = 'postgres';

  constructor(private readonly db: Database) {}

  async hit(key: string, windowMs: number): Promise<Hits> {
    // One statement: a window that has ended starts again at one, atomically, whichever
    // process gets there first.
    const [row] = await this.db.query<{ hits: number; ttl: number }>(
      `INSERT INTO rate_limit_hits AS h (key, hits, resets_at)
            VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2::float8 / 1000))
       ON CONFLICT (key) DO UPDATE SET
            hits = CASE WHEN h.resets_at <= clock_timestamp() THEN 1 ELSE h.hits + 1 END,
            resets_at = CASE WHEN h.resets_at <= clock_timestamp() THEN excluded.resets_at
                             ELSE h.resets_at END
       RETURNING hits,
                 greatest(0, ceil(extract(epoch FROM resets_at - clock_timestamp()) * 1000))::int AS ttl`,
      [key, windowMs],
    );
    if (!row) {
      throw new Error('rate limit counter returned no row');
    }
    return { current: row.hits, ttl: row.ttl };
  }

  async sweep(): Promise<void> {
    await this.db.query('DELETE FROM rate_limit_hits WHERE resets_at < clock_timestamp()');
  }
}

// Counts and starts the window in one step on the Redis server; a key left without an expiry
// (a crash between the two calls of an older client) gets one.
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if hits == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

export class RedisCounter implements HitCounter {
  readonly where = 'redis';

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<Hits> {
    const [current, ttl] = (await this.redis.eval(
      HIT_SCRIPT,
      1,
      `${this.prefix}rate:${key}`,
      windowMs,
    )) as [number, number];
    return { current, ttl };
  }

  sweep(): Promise<void> {
    // Redis expires the keys itself.
    return Promise.resolve();
  }
}

/** The shared counter, falling back to memory while it fails. */
export class FallbackCounter implements HitCounter {
  private readonly local = new MemoryCounter();
  private readonly warn: (error: unknown) => void;

  constructor(
    private readonly shared: HitCounter,
    logger: GuildLogger,
  ) {
    this.warn = warnEvery(30_000, (error: unknown) =>
      logger.warn(
        { category: 'cluster', err: error, store: shared.where },
        'rate limits: the shared counter failed; counting in this process until it is back',
      ),
    );
  }

  get where(): HitCounter['where'] {
    return this.shared.where;
  }

  async hit(key: string, windowMs: number): Promise<Hits> {
    try {
      return await this.shared.hit(key, windowMs);
    } catch (error) {
      this.warn(error);
      return this.local.hit(key, windowMs);
    }
  }

  async sweep(): Promise<void> {
    await this.local.sweep();
    await this.shared.sweep().catch(this.warn);
  }
}

type Callback = (error: Error | null, result?: Hits) => void;

/**
 * A store class in the shape @fastify/rate-limit constructs (`store` option): the plugin
 * makes one for the global limit and a child per route that sets its own.
 */
export function rateLimitStore(counter: HitCounter) {
  return class GuildRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, done: Callback, timeWindow: number): void {
      counter.hit(`${this.prefix}${key}`, timeWindow).then(
        (hits) => done(null, hits),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    }

    /** A route with a limit of its own counts apart: its method and path join the key. */
    child(options: object): GuildRateLimitStore {
      const route = (options as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      const method = typeof route?.method === 'string' ? route.method : '';
      const url = typeof route?.url === 'string' ? route.url : 'custom';
      return new GuildRateLimitStore(undefined, `${method} ${url}|`);
    }
  };
}
