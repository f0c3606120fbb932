import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/test-database.js';
import type { Database } from '../db/database.js';
import { createLogger } from '../logging/logger.js';
import { LocalBus, RedisBus } from './bus.js';
import {
  FallbackCounter,
  MemoryCounter,
  PostgresCounter,
  RedisCounter,
  type HitCounter,
} from './rate-limits.js';
import { openRedis, type RedisLink } from './redis.js';

const redisUrl = process.env.GUILD_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `guild-unit-${randomBytes(4).toString('hex')}:`;
const silent = createLogger('silent');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the same key `n` times at once. */
async function burst(counter: HitCounter, key: string, n: number): Promise<number[]> {
  const hits = await Promise.all(Array.from({ length: n }, () => counter.hit(key, 60_000)));
  return hits.map((hit) => hit.current).sort((x, y) => x - y);
}

const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);

describe('rate limit counters', () => {
  let db: Database;
  let link: RedisLink;

  beforeAll(async () => {
    db = await freshDatabase();
    link = openRedis(redisUrl, silent);
    expect(await link.ready()).toBe(true);
  });
  afterAll(async () => {
    const keys = await link.commands.keys(`${prefix}*`);
    if (keys.length > 0) {
      await link.commands.del(...keys);
    }
    await link.close();
    await db.close();
  });

  it('count each request once under concurrency, in memory, in PostgreSQL and in Redis', async () => {
    expect(await burst(new MemoryCounter(), 'member:a', 20)).toEqual(oneToTwenty);
    expect(await burst(new PostgresCounter(db), 'member:a', 20)).toEqual(oneToTwenty);
    expect(await burst(new RedisCounter(link.commands, prefix), 'member:a', 20)).toEqual(
      oneToTwenty,
    );
  });

  it('start a new window once the old one has ended', async () => {
    for (const counter of [
      new MemoryCounter(),
      new PostgresCounter(db),
      new RedisCounter(link.commands, prefix),
    ]) {
      const key = `member:window-${counter.where}`;
      await counter.hit(key, 150);
      const second = await counter.hit(key, 150);
      expect(second.current, counter.where).toBe(2);
      expect(second.ttl, counter.where).toBeLessThanOrEqual(150);
      await wait(250);
      expect((await counter.hit(key, 150)).current, counter.where).toBe(1);
    }
  });

  it('sweeps ended windows out of PostgreSQL', async () => {
    const counter = new PostgresCounter(db);
    await counter.hit('member:swept', 10);
    await wait(50);
    await counter.sweep();
    const rows = await db.query("SELECT 1 FROM rate_limit_hits WHERE key = 'member:swept'");
    expect(rows).toHaveLength(0);
  });

  it('go on counting in memory while the shared store fails, and say so', async () => {
    const warnings: string[] = [];
    const logger = createLogger('warn');
    logger.warn = ((_: unknown, message: string) => {
      warnings.push(message);
    }) as unknown as typeof logger.warn;
    const broken: HitCounter = {
      where: 'redis',
      hit: () => Promise.reject(new Error('Connection is closed.')),
      sweep: () => Promise.reject(new Error('Connection is closed.')),
    };
    const counter = new FallbackCounter(broken, logger);
    expect(await burst(counter, 'member:b', 3)).toEqual([1, 2, 3]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/shared counter failed/);
  });

  it('fail fast, not hang, when Redis is not there', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const gone = openRedis('redis://127.0.0.1:1', silent);
    try {
      expect(await gone.ready(300)).toBe(false);
      await expect(new RedisCounter(gone.commands, prefix).hit('member:c', 1000)).rejects.toThrow();
      const fallback = new FallbackCounter(new RedisCounter(gone.commands, prefix), silent);
      expect((await fallback.hit('member:c', 1000)).current).toBe(1);
    } finally {
      await gone.close();
    }
  });
});

describe('the cluster bus', () => {
  const links: RedisLink[] = [];
  const open = async () => {
    const link = openRedis(redisUrl, silent);
    links.push(link);
    expect(await link.ready()).toBe(true);
    return new RedisBus(link, prefix);
  };
  afterAll(async () => {
    await Promise.all(links.map((link) => link.close()));
  });

  it('gives a task to one process at a time, and to another once it resigns', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    expect(await first.lead('task', 5_000)).toBe(true);
    expect(await second.lead('task', 5_000)).toBe(false);
    expect(await first.lead('task', 5_000)).toBe(true);
    await first.resign('task');
    expect(await second.lead('task', 5_000)).toBe(true);
    expect(await first.lead('task', 5_000)).toBe(false);
  });

  it('hands a task over when its holder stops renewing', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    expect(await first.lead('lapsing', 100)).toBe(true);
    expect(await second.lead('lapsing', 100)).toBe(false);
    await wait(200);
    expect(await second.lead('lapsing', 100)).toBe(true);
  });

  it('brings a message published by one process to listeners on every process', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    const heard: string[] = [];
    const stopFirst = await first.subscribe('news', (message) => heard.push(`first:${message}`));
    const stopSecond = await second.subscribe('news', (message) => heard.push(`second:${message}`));
    await first.publish('news', 'v1');
    for (let i = 0; i < 50 && heard.length < 2; i += 1) {
      await wait(20);
    }
    expect(heard.sort()).toEqual(['first:v1', 'second:v1']);
    await stopFirst();
    await stopSecond();
  });

  it('without Redis, leads everything and hears only itself', async () => {
    const bus = new LocalBus();
    const heard: string[] = [];
    const stop = await bus.subscribe('news', (message) => heard.push(message));
    expect(await bus.lead()).toBe(true);
    await bus.publish('news', 'v2');
    await stop();
    await bus.publish('news', 'v3');
    expect(heard).toEqual(['v2']);
  });
});

describe('the Redis connection', () => {
  it('reaches the test Redis', async () => {
    const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await probe.connect();
    expect(await probe.ping()).toBe('PONG');
    await probe.quit();
  });
});
