/**
 * Guild's one Redis connection (when REDIS_URL is set) and a second one for subscriptions,
 * which Redis keeps apart. Commands never wait for a connection: while Redis is away they fail
 * at once, and their callers fall back to what one process can do alone.
 */
import { Redis } from 'ioredis';
import type { GuildLogger } from '../logging/logger.js';

export interface RedisLink {
  readonly commands: Redis;
  /** Waits (at most `ms`) for the first connection; false when Redis did not answer in time. */
  ready(ms?: number): Promise<boolean>;
  /** The subscriber connection, opened on first use. */
  subscriber(): Redis;
  close(): Promise<void>;
}

/** Opens the connections; they reconnect by themselves after Redis restarts. */
export function openRedis(url: string, logger: GuildLogger): RedisLink {
  const warn = warnEvery(30_000, (error: Error) =>
    logger.warn(
      { category: 'cluster', err: error },
      'Redis unreachable; each process goes on alone',
    ),
  );
  const open = (): Redis => {
    const connection = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    connection.on('error', warn);
    return connection;
  };
  const commands = open();
  let subscriber: Redis | null = null;
  return {
    commands,
    ready: (ms = 2_000) =>
      commands.status === 'ready'
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => done(false), ms);
            const onReady = () => done(true);
            const done = (ready: boolean) => {
              clearTimeout(timer);
              commands.off('ready', onReady);
              resolve(ready);
            };
            commands.on('ready', onReady);
          }),
    subscriber: () => {
      if (subscriber === null) {
        // Subscriptions are replayed by ioredis after a reconnect, so they need the queue.
        subscriber = commands.duplicate({ enableOfflineQueue: true });
        subscriber.on('error', warn);
      }
      return subscriber;
    },
    close: async () => {
      const open = subscriber === null ? [commands] : [commands, subscriber];
      await Promise.all(open.map((connection) => connection.quit().catch(() => undefined)));
    },
  };
}

/** Calls `log` at most once per `ms`, so an outage logs a line now and then, not per request. */
export function warnEvery<T>(ms: number, log: (value: T) => void): (value: T) => void {
  let last = 0;
  return (value) => {
    const now = Date.now();
    if (now - last >= ms) {
      last = now;
      log(value);
    }
  };
}
