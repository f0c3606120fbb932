/**
 * Guild's configuration: read once from the environment at start, validated as a whole,
 * and frozen. Every problem is reported together so an operator fixes them in one pass.
 *
 * Values marked `public` may reach the browser; nothing else may.
 */
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface GuildConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Public base URL, e.g. https://community.example.com; decides Secure cookies. */
    readonly publicUrl: string;
    readonly trustProxy: boolean;
    /** Host suffix under which `<tenant>.<baseHost>` names a tenant; empty disables it. */
    readonly baseHost: string;
  };
  readonly database: {
    /** PostgreSQL server URL; when absent Guild runs on embedded PGlite. */
    readonly url: string | null;
    readonly pgliteDir: string;
    readonly poolSize: number;
    /** A read replica of that server for dashboards and reports; null reads the primary. */
    readonly reportsUrl: string | null;
  };
  readonly tenancy: { readonly defaultTenant: string };
  readonly demo: { readonly mode: 'auto' | 'off' };
  readonly auth: {
    readonly sessionDays: number;
    readonly signInFailuresPerAccount: number;
    readonly signInFailuresPerIp: number;
  };
  readonly rateLimit: { readonly writesPerMinute: number };
  /** What an account may write on its first day (Discourse's defaults: 3 topics, 10 replies). */
  readonly newMembers: {
    readonly topicsFirstDay: number;
    readonly repliesFirstDay: number;
    /** Replies in one topic before someone else answers there. */
    readonly repliesPerTopic: number;
  };
  readonly cluster: {
    /** Redis server URL; when set it carries rate limits and live-update fan-out. */
    readonly redisUrl: string | null;
    /** Prefix of every Redis key and channel Guild uses, so one Redis can serve several. */
    readonly redisPrefix: string;
    /** Seconds between reads of the dashboards' figures while someone watches them live. */
    readonly livePollSeconds: number;
  };
  readonly jobs: { readonly work: boolean };
  readonly mail: {
    readonly transport: 'log' | 'off' | 'smtp';
    /** SMTP server URL (smtp:// or smtps://, credentials in it); set when transport is smtp. */
    readonly smtpUrl?: string;
    /** The From of every message: an address, optionally with a display name. */
    readonly from: string;
  };
  readonly log: { readonly level: LogLevel; readonly pretty: boolean };
  readonly web: { readonly distDir: string };
  readonly points: {
    /** Seconds between sweeps that release pending points and expire due lots. */
    readonly sweepSeconds: number;
  };
  readonly delivery: {
    /** Tries of one outbound delivery (webhook or loyalty call) before it is dead. */
    readonly maxAttempts: number;
    /** Wait before the first retry; each later retry waits twice as long as the one before. */
    readonly retrySeconds: number;
    /** How long one outbound call may take before it counts as failed. */
    readonly timeoutMs: number;
    /**
     * Private, loopback or otherwise internal addresses (`ip` or `ip:port`) that outbound calls
     * may still reach; every other such address is refused before connecting.
     */
    readonly allowedAddresses: readonly string[];
  };
  readonly moderation: {
    /** An external moderation service consulted beside the local pipeline; off by default. */
    readonly provider: 'off' | 'openai' | 'openai_compatible' | 'azure';
    readonly providerUrl: string;
    readonly providerKey: string;
    readonly providerModel: string;
    /** How long a check waits for the provider before the local verdict stands alone. */
    readonly providerTimeoutMs: number;
    /** Failures in a row that open the provider's circuit breaker. */
    readonly providerFailures: number;
    /** Seconds the breaker stays open before one trial call. */
    readonly providerCooldownSeconds: number;
  };
  readonly imports: {
    /** Where uploaded import files wait for their job and error reports are written. */
    readonly dataDir: string;
    /** Largest import file accepted over HTTP, in bytes. */
    readonly maxUploadBytes: number;
  };
}

/** Every environment variable Guild reads, with its default and meaning (the README lists these). */
export const ENVIRONMENT_VARIABLES = [
  ['NODE_ENV', 'development', 'development, production or test'],
  ['GUILD_HOST', '127.0.0.1', 'address the HTTP server listens on'],
  ['GUILD_PORT', '3000', 'port the HTTP server listens on'],
  [
    'GUILD_PUBLIC_URL',
    'http://localhost:<port>',
    'URL members use; https:// turns on Secure cookies',
  ],
  ['GUILD_TRUST_PROXY', 'false', 'trust X-Forwarded-* from a reverse proxy'],
  ['GUILD_BASE_HOST', '', 'host suffix for tenant subdomains (<tenant>.<suffix>)'],
  ['DATABASE_URL', '', 'PostgreSQL server URL; unset runs on embedded PGlite'],
  ['GUILD_PGLITE_DIR', './.guild/pgdata', 'PGlite data directory (memory:// keeps it in memory)'],
  [
    'GUILD_DB_POOL_SIZE',
    '10',
    'connections in each PostgreSQL pool (one for writes, one for reads)',
  ],
  [
    'GUILD_REPORTS_DATABASE_URL',
    '',
    "a read replica of DATABASE_URL for the dashboards' figures and reports; unset reads the primary",
  ],
  ['GUILD_DEFAULT_TENANT', 'demo', 'tenant slug for requests that name none'],
  ['GUILD_DEMO', 'auto', 'auto: create the demo community in an empty database; off: never'],
  ['GUILD_SESSION_DAYS', '30', 'days a session lasts without use'],
  [
    'GUILD_SIGNIN_FAILURES_PER_ACCOUNT',
    '5',
    'failed sign-ins per account from one address in 15 min before 429 (×4 from all)',
  ],
  ['GUILD_SIGNIN_FAILURES_PER_IP', '30', 'failed sign-ins per address in 15 min before 429'],
  ['GUILD_WRITES_PER_MINUTE', '120', 'write requests per member (or address) per minute'],
  ['GUILD_NEW_MEMBER_TOPICS', '3', 'posts an account may start in its first 24 hours'],
  ['GUILD_NEW_MEMBER_REPLIES', '10', 'comments an account may write in its first 24 hours'],
  [
    'GUILD_NEW_MEMBER_REPLIES_PER_TOPIC',
    '3',
    "a first-day account's comments on one post until someone else comments there",
  ],
  [
    'REDIS_URL',
    '',
    'Redis server URL (redis:// or rediss://); unset keeps shared state in the database',
  ],
  ['GUILD_REDIS_PREFIX', 'guild:', 'prefix of the Redis keys and channels Guild uses'],
  ['GUILD_LIVE_POLL_SECONDS', '5', "seconds between reads of the dashboards' live figures"],
  ['GUILD_JOBS', 'true', 'run background jobs in this process (false: only serve requests)'],
  [
    'GUILD_MAIL',
    'log',
    'log: write e-mail to the log; smtp: send it to GUILD_SMTP_URL; off: keep it in the outbox',
  ],
  [
    'GUILD_SMTP_URL',
    '',
    'SMTP server for GUILD_MAIL=smtp, e.g. smtp://user:pass@host:587; smtps:// for TLS',
  ],
  ['GUILD_MAIL_FROM', 'Guild <no-reply@localhost>', 'sender of outgoing e-mail'],
  ['GUILD_LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent'],
  ['GUILD_LOG_PRETTY', 'false', 'human-readable logs instead of JSON lines'],
  ['GUILD_WEB_DIR', './web/dist', 'the built web app to serve'],
  ['GUILD_DELIVERY_MAX_ATTEMPTS', '8', 'tries of one outbound call before it is dead'],
  ['GUILD_DELIVERY_RETRY_SECONDS', '30', 'first retry delay of an outbound call; then doubling'],
  ['GUILD_DELIVERY_TIMEOUT_MS', '10000', 'time one outbound webhook or loyalty call may take'],
  [
    'GUILD_DELIVERY_ALLOWED_ADDRESSES',
    '',
    'comma-separated internal addresses (ip or ip:port) outbound calls may reach; others refused',
  ],
  [
    'GUILD_POINTS_SWEEP_SECONDS',
    '60',
    'how often pending points are released and due points expired',
  ],
  [
    'GUILD_MODERATION_PROVIDER',
    'off',
    'off, openai, openai_compatible (any OpenAI-style chat server) or azure',
  ],
  ['GUILD_MODERATION_PROVIDER_URL', '', 'base URL of the moderation provider (no default)'],
  ['GUILD_MODERATION_PROVIDER_KEY', '', "the provider's API key"],
  ['GUILD_MODERATION_PROVIDER_MODEL', '', 'model name sent to the provider, where it takes one'],
  ['GUILD_MODERATION_PROVIDER_TIMEOUT_MS', '2000', 'time a check waits for the provider'],
  ['GUILD_MODERATION_PROVIDER_FAILURES', '5', 'failures in a row that open the circuit breaker'],
  ['GUILD_MODERATION_PROVIDER_COOLDOWN_SECONDS', '60', 'seconds before a trial call after that'],
  ['GUILD_DATA_DIR', './.guild', 'uploaded import files and import error reports'],
  ['GUILD_IMPORT_MAX_MB', '2048', 'largest import file accepted over HTTP, in MiB'],
] as const;

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  text(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  flag(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) {
      return true;
    }
    if (['false', '0', 'no'].includes(raw.toLowerCase())) {
      return false;
    }
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  choice<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.text(name, fallback);
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }

  url(name: string, fallback: string, protocols: readonly string[]): string {
    const raw = this.text(name, fallback);
    if (raw === '') {
      return raw;
    }
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return raw;
  }
}

/** The replica for reads: only beside a PostgreSQL server, whose copy it is. */
function reportsUrl(read: Reader): string | null {
  const url = read.url('GUILD_REPORTS_DATABASE_URL', '', ['postgres:', 'postgresql:']);
  if (url !== '' && read.text('DATABASE_URL', '') === '') {
    read.problems.push(
      'GUILD_REPORTS_DATABASE_URL needs DATABASE_URL: it is a replica of that server',
    );
  }
  return url || null;
}

/** A Redis prefix: a few letters, digits and `:_-`, so keys stay readable in redis-cli. */
function redisPrefix(read: Reader): string {
  const prefix = read.text('GUILD_REDIS_PREFIX', 'guild:');
  if (!/^[A-Za-z0-9:_-]{1,40}$/.test(prefix)) {
    read.problems.push('GUILD_REDIS_PREFIX must be 1 to 40 letters, digits, ":", "_" or "-"');
  }
  return prefix;
}

/** An address, bare or as `Name <address>`, on one line. */
const MAIL_FROM = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

/** Raised when the environment is invalid; `problems` holds one line per fault. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Guild's configuration is invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration.
 * @param env the environment to read; `process.env` by default
 * @param cwd the directory relative paths are resolved against
 * @throws ConfigError listing every problem at once
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): GuildConfig {
  const read = new Reader(env);
  const nodeEnv = read.choice('NODE_ENV', 'development', ['development', 'production', 'test']);
  const port = read.integer('GUILD_PORT', 3000, 0, 65535);
  const pgliteDir = read.text('GUILD_PGLITE_DIR', './.guild/pgdata');
  const tenant = read.text('GUILD_DEFAULT_TENANT', 'demo');
  if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(tenant)) {
    read.problems.push('GUILD_DEFAULT_TENANT must be a slug: lowercase letters, digits and -');
  }
  // The SMTP URL carries the password: problems name the variable, never its value.
  const smtpUrl = read.url('GUILD_SMTP_URL', '', ['smtp:', 'smtps:']);

  const config: GuildConfig = {
    env: nodeEnv,
    http: {
      host: read.text('GUILD_HOST', '127.0.0.1'),
      port,
      publicUrl: read.url('GUILD_PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']),
      trustProxy: read.flag('GUILD_TRUST_PROXY', false),
      baseHost: read.text('GUILD_BASE_HOST', '').toLowerCase(),
    },
    database: {
      url: read.url('DATABASE_URL', '', ['postgres:', 'postgresql:']) || null,
      pgliteDir: pgliteDir.startsWith('memory://') ? pgliteDir : path.resolve(cwd, pgliteDir),
      poolSize: read.integer('GUILD_DB_POOL_SIZE', 10, 1, 500),
      reportsUrl: reportsUrl(read),
    },
    tenancy: { defaultTenant: tenant },
    demo: { mode: read.choice('GUILD_DEMO', 'auto', ['auto', 'off']) },
    auth: {
      sessionDays: read.integer('GUILD_SESSION_DAYS', 30, 1, 365),
      signInFailuresPerAccount: read.integer('GUILD_SIGNIN_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      signInFailuresPerIp: read.integer('GUILD_SIGNIN_FAILURES_PER_IP', 30, 1, 100000),
    },
    rateLimit: { writesPerMinute: read.integer('GUILD_WRITES_PER_MINUTE', 120, 1, 1000000) },
    newMembers: {
      topicsFirstDay: read.integer('GUILD_NEW_MEMBER_TOPICS', 3, 0, 1000000),
      repliesFirstDay: read.integer('GUILD_NEW_MEMBER_REPLIES', 10, 0, 1000000),
      repliesPerTopic: read.integer('GUILD_NEW_MEMBER_REPLIES_PER_TOPIC', 3, 1, 1000000),
    },
    cluster: {
      redisUrl: read.url('REDIS_URL', '', ['redis:', 'rediss:']) || null,
      redisPrefix: redisPrefix(read),
      livePollSeconds: read.integer('GUILD_LIVE_POLL_SECONDS', 5, 1, 300),
    },
    jobs: { work: read.flag('GUILD_JOBS', true) },
    mail: {
      transport: read.choice('GUILD_MAIL', 'log', ['log', 'off', 'smtp']),
      ...(smtpUrl === '' ? {} : { smtpUrl }),
      from: read.text('GUILD_MAIL_FROM', 'Guild <no-reply@localhost>').trim(),
    },
    log: {
      level: read.choice<LogLevel>('GUILD_LOG_LEVEL', 'info', [
        'fatal',
        'error',
        'warn',
        'info',
        'debug',
        'trace',
        'silent',
      ]),
      pretty: read.flag('GUILD_LOG_PRETTY', false),
    },
    web: { distDir: path.resolve(cwd, read.text('GUILD_WEB_DIR', './web/dist')) },
    points: { sweepSeconds: read.integer('GUILD_POINTS_SWEEP_SECONDS', 60, 1, 86_400) },
    delivery: {
      maxAttempts: read.integer('GUILD_DELIVERY_MAX_ATTEMPTS', 8, 1, 50),
      retrySeconds: read.integer('GUILD_DELIVERY_RETRY_SECONDS', 30, 1, 86_400),
      timeoutMs: read.integer('GUILD_DELIVERY_TIMEOUT_MS', 10_000, 100, 120_000),
      allowedAddresses: read
        .text('GUILD_DELIVERY_ALLOWED_ADDRESSES', '')
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    },
    moderation: {
      provider: read.choice('GUILD_MODERATION_PROVIDER', 'off', [
        'off',
        'openai',
        'openai_compatible',
        'azure',
      ]),
      providerUrl: read.url('GUILD_MODERATION_PROVIDER_URL', '', ['http:', 'https:']),
      providerKey: read.text('GUILD_MODERATION_PROVIDER_KEY', ''),
      providerModel: read.text('GUILD_MODERATION_PROVIDER_MODEL', ''),
      providerTimeoutMs: read.integer('GUILD_MODERATION_PROVIDER_TIMEOUT_MS', 2000, 50, 60_000),
      providerFailures: read.integer('GUILD_MODERATION_PROVIDER_FAILURES', 5, 1, 1000),
      providerCooldownSeconds: read.integer(
        'GUILD_MODERATION_PROVIDER_COOLDOWN_SECONDS',
        60,
        1,
        86_400,
      ),
    },
    imports: {
      dataDir: path.resolve(cwd, read.text('GUILD_DATA_DIR', './.guild')),
      maxUploadBytes: read.integer('GUILD_IMPORT_MAX_MB', 2048, 1, 1024 * 1024) * 1024 * 1024,
    },
  };

  if (config.moderation.provider !== 'off' && config.moderation.providerUrl === '') {
    read.problems.push(
      `GUILD_MODERATION_PROVIDER is ${config.moderation.provider}: set GUILD_MODERATION_PROVIDER_URL too`,
    );
  }
  if (config.mail.transport === 'smtp' && smtpUrl === '') {
    read.problems.push('GUILD_MAIL is smtp: set GUILD_SMTP_URL (smtp://user:pass@host:port) too');
  } else if (URL.canParse(smtpUrl) && new URL(smtpUrl).hostname === '') {
    read.problems.push('GUILD_SMTP_URL must name a host');
  }
  if (!MAIL_FROM.test(config.mail.from)) {
    read.problems.push('GUILD_MAIL_FROM must be an address, e.g. Guild <no-reply@example.com>');
  }
  if (read.problems.length > 0) {
    throw new ConfigError(read.problems);
  }
  return Object.freeze(config);
}

/**
 * True when cookies carry `Secure` and the `__Host-` prefix: always over https, and on
 * loopback hosts, which browsers treat as secure contexts even over plain http.
 */
export function usesSecureCookies(config: GuildConfig): boolean {
  const url = new URL(config.http.publicUrl);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || loopback;
}
