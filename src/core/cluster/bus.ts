/**
 * Messages between Guild processes, and who among them does a piece of shared work. Without
 * Redis there is one process as far as this bus knows: it leads every task and hears only
 * itself (processes still agree through the database they share). With Redis, one process at
 * a time holds a task's lease and publishes what it finds; every process hears it.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { RedisLink } from './redis.js';

export type Listener = (message: string) => void;

export interface ClusterBus {
  /** True when messages reach other processes. */
  readonly shared: boolean;
  /**
   * Takes or renews this process's lease on `task` for `ttlMs`; false while another process
   * holds it. Throws when the bus cannot tell (Redis away): callers then act alone.
   */
  lead(task: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up early, so another process can take over at once. */
  resign(task: string): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  /** Listens on `channel`; returns the function that stops listening. */
  subscribe(channel: string, listener: Listener): Promise<() => Promise<void>>;
}

export class LocalBus implements ClusterBus {
  readonly shared = false;
  private readonly events = new EventEmitter().setMaxListeners(0);

  lead(): Promise<boolean> {
    return Promise.resolve(true);
  }

  resign(): Promise<void> {
    return Promise.resolve();
  }

  publish(channel: string, message: string): Promise<void> {
    this.events.emit(channel, message);
    return Promise.resolve();
  }

  subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    this.events.on(channel, listener);
    return Promise.resolve(() => {
      this.events.off(channel, listener);
      return Promise.resolve();
    });
  }
}

// Renews the lease when this process holds it, takes it when nobody does.
const LEAD_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RESIGN_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export class RedisBus implements ClusterBus {
  readonly shared = true;
  /** This process, as lease holders are named. */
  readonly processId = randomUUID();
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscriber: Redis | null = null;

  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
  ) {}

  async lead(task: string, ttlMs: number): Promise<boolean> {
    const held = await this.link.commands.eval(
      LEAD_SCRIPT,
      1,
      `${this.prefix}lease:${task}`,
      this.processId,
      ttlMs,
    );
    return held === 1;
  }

  async resign(task: string): Promise<void> {
    await this.link.commands.eval(RESIGN_SCRIPT, 1, `${this.prefix}lease:${task}`, this.processId);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.link.commands.publish(`${this.prefix}${channel}`, message);
  }

  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    const subscriber = this.connect();
    const name = `${this.prefix}${channel}`;
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
      await subscriber.subscribe(name);
    }
    set.add(listener);
    const listeners = set;
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(name) === listeners) {
        this.listeners.delete(name);
        await subscriber.unsubscribe(name).catch(() => undefined);
      }
    };
  }

  private connect(): Redis {
    if (this.subscriber === null) {
      this.subscriber = this.link.subscriber();
      this.subscriber.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel) ?? []) {
          listener(message);
        }
      });
    }
    return this.subscriber;
  }
}
