/**
 * Server-side prepared statements for the `pg` pools. PostgreSQL parses and plans an unnamed
 * statement every time it runs; for Guild's short queries that costs more than running them.
 * A statement with parameters that a process sends often gets a name, and each connection
 * parses it once and may keep its plan.
 *
 * Texts are counted before they are named, so rare and one-off statements (administrators'
 * reports, texts that vary) never take a name, and the number of names is capped, which caps
 * what each connection keeps. Statements without parameters are left alone: they may hold
 * several commands, which only the simple protocol accepts.
 */
import pg from 'pg';

/** Runs of a text before it is named. */
const RUNS_BEFORE_NAMING = 3;
/** Names a process gives at most (each connection keeps at most this many statements). */
const MAX_NAMES = 400;
/** Texts counted at most before the counts start again. */
const MAX_COUNTED = 5_000;

export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly runs = new Map<string, number>();

  constructor(
    private readonly runsBeforeNaming = RUNS_BEFORE_NAMING,
    private readonly maxNames = MAX_NAMES,
  ) {}

  /** The name to send `text` under, or undefined to send it unnamed. */
  nameOf(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= this.maxNames) {
      return name;
    }
    const runs = (this.runs.get(text) ?? 0) + 1;
    if (runs < this.runsBeforeNaming) {
      if (this.runs.size >= MAX_COUNTED) {
        this.runs.clear();
      }
      this.runs.set(text, runs);
      return undefined;
    }
    this.runs.delete(text);
    const given = `guild_${this.names.size.toString(36)}`;
    this.names.set(text, given);
    return given;
  }

  get size(): number {
    return this.names.size;
  }
}

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

/** A `pg` client class that sends the texts `names` names as prepared statements. */
export function preparingClient(names: StatementNames): typeof pg.Client {
  class PreparingClient extends pg.Client {}
  const send = Reflect.get(pg.Client.prototype, 'query') as Query;
  // pg's query() is overloaded on its arguments: this adds a name and passes them on as given.
  const query: Query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args;
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = names.nameOf(config);
      if (name !== undefined) {
        args[0] = { text: config, name };
      }
    } else if (isUnnamedConfig(config) && hasValues(config, values)) {
      const name = names.nameOf(config.text);
      if (name !== undefined) {
        args[0] = { ...config, name };
      }
    }
    return send.apply(this, args);
  };
  Object.defineProperty(PreparingClient.prototype, 'query', { value: query, writable: true });
  return PreparingClient;
}

interface UnnamedConfig {
  text: string;
  name?: undefined;
  values?: unknown[];
}

function isUnnamedConfig(config: unknown): config is UnnamedConfig {
  return (
    typeof config === 'object' &&
    config !== null &&
    typeof (config as { text?: unknown }).text === 'string' &&
    (config as { name?: unknown }).name === undefined &&
    // A cursor or a submittable query object manages its own protocol.
    typeof (config as { submit?: unknown }).submit !== 'function'
  );
}

function hasValues(config: UnnamedConfig, values: unknown): boolean {
  const given = Array.isArray(values) ? values : config.values;
  return Array.isArray(given) && given.length > 0;
}
