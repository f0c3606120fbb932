/**
 * Resolves every request's tenant and caller, then enforces the route's access rule and CSRF
 * protection before any handler runs.
 *
 * Tenant: a session or token carries its own. Otherwise the host (`<slug>.<baseHost>`) or the
 * `X-Guild-Tenant` header names it, falling back to the default tenant. A credential used
 * against another tenant's address is refused, never silently re-pointed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GuildConfig } from '../core/config/config.js';
import { usesSecureCookies } from '../core/config/config.js';
import type { Database } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';
import { roleHas, type Access } from '../core/http/access.js';
import type { RequestContext, TenantRef } from '../core/http/request-context.js';
import type { GuildServer } from '../core/http/server.js';
import type { TenantDirectory } from '../tenancy/tenancy.service.js';
import { resolveApiToken } from './api-tokens.js';
import { sameSecret } from './credentials.js';
import { resolveSession } from './sessions.js';
import { recordDailyVisit } from '../gamification/rules/daily-visit.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuthDeps {
  config: GuildConfig;
  db: Database;
  tenants: TenantDirectory;
}

/** The session cookie's name: `__Host-` prefixed wherever cookies can be Secure. */
export function sessionCookieName(config: GuildConfig): string {
  return usesSecureCookies(config) ? '__Host-guild_session' : 'guild_session';
}

/** Sets the session cookie. */
export function setSessionCookie(reply: FastifyReply, config: GuildConfig, token: string) {
  const secure = usesSecureCookies(config);
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
    maxAge: config.auth.sessionDays * 86_400,
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(reply: FastifyReply, config: GuildConfig) {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    secure: usesSecureCookies(config),
    sameSite: 'lax',
  });
}

function namedTenantSlug(request: FastifyRequest, config: GuildConfig): string | null {
  const header = request.headers['x-guild-tenant'];
  if (typeof header === 'string' && header !== '') {
    return header.toLowerCase();
  }
  const base = config.http.baseHost;
  const host = request.hostname.toLowerCase();
  if (base !== '' && host.endsWith(`.${base}`)) {
    return host.slice(0, -base.length - 1);
  }
  return null;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

async function resolveCaller(
  request: FastifyRequest,
  deps: AuthDeps,
): Promise<Omit<RequestContext, 'tenant'> & { tenant: TenantRef | null }> {
  const bearer = bearerToken(request);
  if (bearer) {
    const found = await resolveApiToken(deps.db, bearer);
    if (!found) {
      throw new GuildError('unauthenticated', 'The API token is not valid or was revoked.');
    }
    const credential = { kind: 'token', tokenId: found.tokenId, scopes: found.scopes } as const;
    return { tenant: found.tenant, actor: found.actor, credential };
  }

  const cookie = request.cookies[sessionCookieName(deps.config)];
  const session = cookie
    ? await resolveSession(deps.db, cookie, deps.config.auth.sessionDays)
    : null;
  if (session) {
    const credential = {
      kind: 'session',
      sessionId: session.sessionId,
      csrfToken: session.csrfToken,
    } as const;
    return { tenant: session.tenant, actor: session.actor, credential };
  }
  return { tenant: null, actor: null, credential: { kind: 'anonymous' } };
}

/** Fills `request.guild`; throws when the addressed tenant does not exist or mismatches. */
export async function resolveRequestContext(
  request: FastifyRequest,
  deps: AuthDeps,
): Promise<RequestContext> {
  const caller = await resolveCaller(request, deps);
  const named = namedTenantSlug(request, deps.config);

  if (caller.tenant) {
    if (named !== null && named !== caller.tenant.slug) {
      throw new GuildError('tenant_mismatch');
    }
    return { ...caller, tenant: caller.tenant };
  }

  const tenant = await deps.tenants.bySlug(named ?? deps.config.tenancy.defaultTenant);
  if (!tenant) {
    throw new GuildError('tenant_not_found');
  }
  return { ...caller, tenant };
}

function sameOrigin(request: FastifyRequest, config: GuildConfig): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) {
    // Browsers send Origin on every cross-site POST; its absence means a same-site or
    // non-browser client. Fetch metadata, where present, must agree.
    const site = request.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  const allowed = new Set([new URL(config.http.publicUrl).origin]);
  allowed.add(`${request.protocol}://${request.host}`);
  return allowed.has(origin);
}

function checkCsrf(request: FastifyRequest, config: GuildConfig): void {
  const credential = request.guild.credential;
  const exempt = request.routeOptions.config.csrfExempt === true;
  if (!UNSAFE.has(request.method) || credential.kind === 'token' || exempt) {
    return;
  }
  if (!sameOrigin(request, config)) {
    throw new GuildError('csrf_failed');
  }
  if (credential.kind === 'session') {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameSecret(sent, credential.csrfToken)) {
      throw new GuildError('csrf_failed');
    }
  }
}

function checkAccess(request: FastifyRequest, access: Access): void {
  if (access === 'public') {
    return;
  }
  const { actor, credential } = request.guild;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  if (credential.kind === 'token') {
    const needed = access !== 'signed_in' ? 'admin' : UNSAFE.has(request.method) ? 'write' : 'read';
    if (!credential.scopes.includes(needed)) {
      throw new GuildError('forbidden', `This API token lacks the "${needed}" scope.`);
    }
  }
  if (access !== 'signed_in' && !roleHas(actor.role, access)) {
    throw new GuildError('forbidden');
  }
}

/** Installs the hooks on every route of the server. */
export function installAuth(app: GuildServer, deps: AuthDeps): void {
  app.decorateRequest('guild', null as unknown as RequestContext);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      return;
    }
    request.guild = await resolveRequestContext(request, deps);
    checkCsrf(request, deps.config);
    checkAccess(request, access);
    const { actor, credential, tenant } = request.guild;
    if (actor && credential.kind === 'session') {
      // The member's first signed-in request of their day counts as the day's visit.
      await recordDailyVisit(deps.db, tenant.id, actor.userId).catch((error: unknown) =>
        request.log.warn({ category: 'points', err: error }, 'daily visit not recorded'),
      );
    }
  });
}
