/**
 * Starts a real Guild on 127.0.0.1 for API tests, on the database of the run, and offers a
 * small HTTP client that keeps its own cookies and CSRF token like a browser would.
 */
import { loadConfig, type GuildConfig } from '../../src/core/config/config.js';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLogger, loggerOptions, type GuildLogger } from '../../src/core/logging/logger.js';
import { startGuild, type Guild } from '../../src/app.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { createAccount } from '../../src/accounts/accounts.service.js';
import type { Role } from '../../src/core/http/access.js';
import { freshDatabase } from './test-database.js';

export interface TestGuild extends Guild {
  url: string;
}

/** One line Guild logged, as JSON. */
export interface LogLine {
  reqId?: string;
  msg?: string;
  [key: string]: unknown;
}

/** A logger at info level, as in production, whose lines land in `lines` for a test to read. */
export function capturingLogger<T extends object = LogLine>(lines: T[]): GuildLogger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') {
          lines.push(JSON.parse(line) as T);
        }
      }
      done();
    },
  });
  return pino(loggerOptions('info', false), sink);
}

/** Starts Guild on a fresh database with test-friendly limits (overridable). */
export async function startTestGuild(
  env: Record<string, string> = {},
  options: { logger?: GuildLogger } = {},
): Promise<TestGuild> {
  const config: GuildConfig = loadConfig({
    NODE_ENV: 'test',
    GUILD_PORT: '0',
    GUILD_DEFAULT_TENANT: 'alpha',
    GUILD_WRITES_PER_MINUTE: '100000',
    // First-day posting limits (S23) off unless a test turns them on: test accounts are new.
    GUILD_NEW_MEMBER_TOPICS: '1000000',
    GUILD_NEW_MEMBER_REPLIES: '1000000',
    GUILD_NEW_MEMBER_REPLIES_PER_TOPIC: '1000000',
    GUILD_WEB_DIR: './web/dist',
    GUILD_BASE_HOST: 'guild.test',
    // Mail delivery starts the job queue; only the tests about mail turn it on.
    GUILD_MAIL: 'off',
    // Partners in the tests are small servers on loopback, which Guild otherwise refuses.
    GUILD_DELIVERY_ALLOWED_ADDRESSES: '127.0.0.1',
    ...env,
  });
  const db = await freshDatabase();
  return startGuild(config, { db, logger: options.logger ?? createLogger('silent') });
}

export interface TestMember {
  email: string;
  password: string;
  username: string;
}

let counter = 0;

/** Creates a tenant with a UK region; returns its id. */
export function addTenant(guild: Guild, slug: string): Promise<string> {
  return createTenant(guild.db, {
    slug,
    name: `Tenant ${slug}`,
    defaultLocale: 'en-GB',
    regions: [
      {
        code: 'UK',
        name: 'United Kingdom',
        currency: 'GBP',
        locale: 'en-GB',
        timezone: 'Europe/London',
      },
    ],
    segments: [{ key: 'loyalty-gold', name: 'Gold members' }],
  });
}

/** Creates an account directly in the database (like `guild user create`). */
export async function addMember(
  guild: Guild,
  tenantId: string,
  role: Role = 'member',
  name?: string,
): Promise<TestMember> {
  counter += 1;
  const username = name ?? `${role}_${counter}_${Date.now().toString(36)}`;
  const member = { email: `${username}@example.com`, password: 'tidy-lantern-harbour', username };
  await guild.db.tenant(tenantId, (tx) =>
    createAccount(tx, tenantId, { ...member, displayName: `Test ${username}`, role }),
  );
  return member;
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A cookie-keeping client for one browser-like caller. */
export class TestClient {
  private cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly defaults: Record<string, string> = {},
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const all: Record<string, string> = { ...this.defaults, ...headers };
    if (body !== undefined) {
      all['content-type'] ??= 'application/json';
    }
    if (this.cookies.size > 0) {
      all.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    if (this.csrfToken && method !== 'GET' && all['x-csrf-token'] === undefined) {
      all['x-csrf-token'] = this.csrfToken;
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: all,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    this.keepCookies(response.headers);
    const text = await response.text();
    const parsed: unknown = text === '' ? null : safeJson(text);
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get = <T = unknown>(path: string, headers?: Record<string, string>) =>
    this.request<T>('GET', path, undefined, headers);
  post = <T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', path, body ?? {}, headers);
  patch = <T = unknown>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  put = <T = unknown>(path: string, body?: unknown) => this.request<T>('PUT', path, body ?? {});
  delete = <T = unknown>(path: string) => this.request<T>('DELETE', path);

  /** The cookies this client would send, for a request made without it (a stream). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Signs in and keeps the session and CSRF token. */
  async signIn(member: { email: string; password: string }): Promise<void> {
    const result = await this.post<{ csrfToken: string }>('/api/v1/auth/sign-in', {
      email: member.email,
      password: member.password,
    });
    if (result.status !== 200) {
      throw new Error(`sign-in failed: ${result.status} ${JSON.stringify(result.body)}`);
    }
    this.csrfToken = result.body.csrfToken;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
