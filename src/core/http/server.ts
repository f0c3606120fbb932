/**
 * Builds Guild's HTTP server: the plumbing every route shares (request ids, security headers,
 * body parsing, schemas, rate limits, the OpenAPI document, errors, health). Domains add their
 * routes afterwards through `app.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyRequest, type RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { GuildConfig } from '../config/config.js';
import { MemoryCounter, rateLimitStore, type HitCounter } from '../cluster/rate-limits.js';
import type { Database } from '../db/database.js';
import type { GuildLogger } from '../logging/logger.js';
import { GuildError } from '../errors/errors.js';
import { errorBody, handleError } from './error-handler.js';

export type GuildServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  GuildLogger,
  TypeBoxTypeProvider
>;

export interface ServerOptions {
  config: GuildConfig;
  db: Database;
  logger: GuildLogger;
  /** Key of the caller for write rate limits (a member id or an address). */
  rateLimitKey?: (request: FastifyRequest) => string;
  /** Where rate limits are counted; in this process's memory when not given. */
  rateLimits?: HitCounter;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Creates the server with shared plumbing; it does not listen yet. */
export async function createServer(options: ServerOptions): Promise<GuildServer> {
  const { config } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    trustProxy: config.http.trustProxy,
    bodyLimit: 1_048_576,
    // The caller's id is used only when it looks like one (see genReqId), never blindly.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised before routing (a malformed URL, an over-long parameter) take the same
    // shape as every other error.
    frameworkErrors: (error, request, reply) => {
      handleError(error, request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Only JSON bodies: a cross-site form cannot send them without a CORS preflight.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    // After authentication, so that the key is a verified member (or the address), never a
    // credential the caller made up.
    hook: 'preHandler',
    // Shared by every process when Guild runs several (see src/core/cluster).
    store: rateLimitStore(options.rateLimits ?? new MemoryCounter()),
    max: config.rateLimit.writesPerMinute,
    timeWindow: '1 minute',
    allowList: (request) => SAFE_METHODS.has(request.method),
    keyGenerator: options.rateLimitKey ?? ((request) => request.ip),
    errorResponseBuilder: (request, context) => ({
      statusCode: 429,
      ...errorBody(request, 'rate_limited', `Too many requests; try again in ${context.after}.`),
    }),
  });
  await registerOpenApi(app);

  app.setErrorHandler(handleError);
  app.addHook('preValidation', (request, _reply, done) => {
    refuseNulCharacters(request.body, 'body');
    refuseNulCharacters(request.query, 'querystring');
    refuseNulCharacters(request.params, 'params');
    done();
  });
  registerHealth(app, options.db);
  registerCspReports(app);
  requireAccessOnApiRoutes(app);
  return app;
}

async function registerSecurityHeaders(app: GuildServer): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'strict-dynamic'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        reportUri: ['/api/v1/csp-reports'],
      },
    },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });
}

async function registerOpenApi(app: GuildServer): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Guild API',
        version: '1',
        description: 'The community and ambassador platform. Errors: see docs/ERRORS.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: '__Host-guild_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () =>
    app.swagger(),
  );
  // The docs page keeps the one nonce + strict-dynamic policy of every other response (not a
  // policy of its own): its script tags get this response's nonce.
  await app.register(async (docs) => {
    docs.addHook('onSend', async (_request, reply, payload) => {
      const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
      return html && typeof payload === 'string'
        ? payload.replace(/<script\b/g, `<script nonce="${reply.cspNonce.script}"`)
        : payload;
    });
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });
}

function registerHealth(app: GuildServer, db: Database): void {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, () => ({
    status: 'ok',
  }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}

function requireAccessOnApiRoutes(app: GuildServer): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.config?.access === undefined) {
      throw new Error(`Route ${route.method.toString()} ${route.url} declares no access rule`);
    }
  });
}

/**
 * Browsers post Content-Security-Policy violations here. They are logged (at most 8 KiB
 * each) so that a blocked script shows up in the logs, never silently.
 */
function registerCspReports(app: GuildServer): void {
  const reportTypes = ['application/csp-report', 'application/reports+json'];
  app.addContentTypeParser(reportTypes, { parseAs: 'string', bodyLimit: 8192 }, (_, body, done) => {
    done(null, body);
  });
  app.post(
    '/api/v1/csp-reports',
    {
      config: {
        access: 'public',
        csrfExempt: true,
        rateLimit: { max: 60, timeWindow: '1 minute' },
      },
      schema: { hide: true },
    },
    (request, reply) => {
      request.log.warn({ category: 'http', cspReport: String(request.body) }, 'CSP violation');
      return reply.code(204).send();
    },
  );
}

/**
 * PostgreSQL text cannot hold U+0000, and no member types it: a request carrying one is
 * refused up front with the field named, instead of failing deep in a query.
 */
function refuseNulCharacters(value: unknown, where: string, at = ''): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      throw new GuildError('validation_failed', 'Text may not contain NUL characters.', {
        where,
        path: at || '/',
      });
    }
    return;
  }
  // A streamed body (an import upload) or raw bytes are read by their route, not walked.
  const raw =
    Buffer.isBuffer(value) || typeof (value as { pipe?: unknown } | null)?.pipe === 'function';
  const parsed = value !== null && typeof value === 'object' && !raw;
  if (parsed) {
    for (const [key, inner] of Object.entries(value)) {
      refuseNulCharacters(inner, where, `${at}/${key}`);
    }
  }
}
