/**
 * Inbound webhooks: partners (shop, CRM, loyalty program, social listening) POST signed events
 * to `/integrations/<source>/webhooks` on the tenant's own host, and admins manage the sources
 * and follow the events under /api/v1/integrations.
 *
 * The receiving route lives in its own Fastify scope whose JSON parser keeps the body as raw
 * bytes (at most 1 MiB): the signature is checked over exactly those bytes before anything is
 * parsed or stored. A new event is stored and answered 202 at once; its processing is a job
 * queued after commit.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../core/audit/audit.js';
import type { GuildConfig } from '../../core/config/config.js';
import type { Database, Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import type { JobRunner } from '../../core/jobs/jobs.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { InboundQueue } from './inbound-queue.js';
import {
  ReceiptSchema,
  SourceChangeSchema,
  SourceInputSchema,
  SourceParams,
  SourceSchema,
  SourceWithSecretSchema,
  WebhookEventDetailSchema,
  WebhookEventQuerySchema,
  WebhookEventSchema,
} from './inbound.schemas.js';
import {
  createSource,
  deleteSource,
  getSource,
  getWebhookEvent,
  listSources,
  listWebhookEvents,
  receiveWebhook,
  replayWebhookEvent,
  rotateSourceSecret,
  updateSource,
} from './inbound.service.js';

const BASE = '/api/v1/integrations';
const SOURCES = `${BASE}/sources`;
const EVENTS = `${BASE}/webhook-events`;
const access = 'integrations:manage' as const;
const tags = ['integrations'];

/** The largest webhook body taken. */
export const MAX_WEBHOOK_BYTES = 1_048_576;
/** Webhooks per minute from one address: generous, partners send in bursts. */
const WEBHOOKS_PER_MINUTE = 3000;

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

function actorId(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

/**
 * Registers the receiving route, the admin routes of sources and webhook events, the job that
 * processes events and (in a process that runs jobs) its sweeper. Call before the job runner
 * starts.
 */
export function registerInboundRoutes(
  app: GuildServer,
  db: Database,
  config: GuildConfig,
  jobs: JobRunner,
): void {
  // Processing retries follow the schedule of outbound deliveries.
  const queue = new InboundQueue(
    db,
    jobs,
    { maxAttempts: config.delivery.maxAttempts, retrySeconds: config.delivery.retrySeconds },
    app.log,
  );
  if (config.jobs.work) {
    const stopSweeper = queue.startSweeper();
    app.addHook('onClose', () => stopSweeper());
  }

  const inTenant: InTenant = (request, work) => db.tenant(request.guild.tenant.id, work);
  void app.register((scope: GuildServer, _options, done) => {
    registerReceiver(scope, inTenant, queue);
    done();
  });
  registerSourceRoutes(app, inTenant);
  registerEventRoutes(app, inTenant, queue);
}

function registerReceiver(scope: GuildServer, inTenant: InTenant, queue: InboundQueue) {
  // In this scope only: application/json bodies stay raw bytes for the signature check.
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );

  scope.post(
    '/integrations/:source/webhooks',
    {
      config: {
        access: 'public',
        csrfExempt: true,
        rateLimit: { max: WEBHOOKS_PER_MINUTE, timeWindow: '1 minute' },
      },
      bodyLimit: MAX_WEBHOOK_BYTES,
      schema: {
        tags,
        summary:
          'A partner sends one signed event (Guild-Signature over the raw body); see docs/API.md',
        params: SourceParams,
        response: { 200: ReceiptSchema, 202: ReceiptSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['guild-signature'];
      const receipt = await inTenant(request, (tx) =>
        receiveWebhook(
          tx,
          tenantId,
          request.params.source,
          body,
          typeof header === 'string' ? header : undefined,
        ),
      );
      if (receipt.status === 'queued') {
        queue.queue(tenantId, [receipt.id]);
        return reply.code(202).send(receipt);
      }
      return reply.code(200).send(receipt);
    },
  );
}

function registerSourceRoutes(app: GuildServer, inTenant: InTenant) {
  app.get(
    SOURCES,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Integration sources, newest first (never with secrets or API keys)',
        querystring: PageQuery,
        response: { 200: PageOf(SourceSchema) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listSources(tx, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
      ),
  );

  app.post(
    SOURCES,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Add a source; its signing secret is shown only in this answer',
        body: SourceInputSchema,
        response: { 201: SourceWithSecretSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const source = await inTenant(request, async (tx) => {
        const created = await createSource(tx, tenantId, actorId(request), request.body);
        await recordAudit(tx, request, {
          action: 'integration_sources.create',
          targetType: 'integration_source',
          targetId: created.id,
          details: {
            slug: created.slug,
            kind: created.kind,
            apiUrl: created.apiUrl,
            hasApiKey: created.hasApiKey,
            enabled: created.enabled,
          },
        });
        return created;
      });
      return reply.code(201).send(source);
    },
  );

  app.get(
    `${SOURCES}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One integration source',
        params: IdParams,
        response: { 200: SourceSchema },
      },
    },
    (request) => inTenant(request, (tx) => getSource(tx, request.params.id)),
  );

  app.patch(
    `${SOURCES}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: "Change a source's name, state, API address or API key",
        params: IdParams,
        body: SourceChangeSchema,
        response: { 200: SourceSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const source = await updateSource(tx, request.params.id, request.body);
        const { apiKey, ...change } = request.body;
        await recordAudit(tx, request, {
          action: 'integration_sources.update',
          targetType: 'integration_source',
          targetId: source.id,
          // The key itself is never recorded, only that it changed.
          details: apiKey === undefined ? change : { ...change, apiKeyChanged: true },
        });
        return source;
      }),
  );

  app.delete(
    `${SOURCES}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Remove a source, with the events it sent',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await inTenant(request, async (tx) => {
        const removed = await deleteSource(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'integration_sources.delete',
          targetType: 'integration_source',
          targetId: removed.id,
          details: { slug: removed.slug },
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${SOURCES}/:id/rotate-secret`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Give a source a new signing secret (shown only here); the old one works 24 h',
        params: IdParams,
        response: { 200: SourceWithSecretSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const source = await rotateSourceSecret(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'integration_sources.rotate_secret',
          targetType: 'integration_source',
          targetId: source.id,
          details: { previousSecretExpiresAt: source.previousSecretExpiresAt },
        });
        return source;
      }),
  );
}

function registerEventRoutes(app: GuildServer, inTenant: InTenant, queue: InboundQueue) {
  app.get(
    EVENTS,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Recent inbound webhook events, newest first (without their bodies)',
        querystring: WebhookEventQuerySchema,
        response: { 200: PageOf(WebhookEventSchema) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listWebhookEvents(tx, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
          source: request.query.source,
          status: request.query.status,
        }),
      ),
  );

  app.get(
    `${EVENTS}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One inbound webhook event, with the body the partner sent',
        params: IdParams,
        response: { 200: WebhookEventDetailSchema },
      },
    },
    (request) => inTenant(request, (tx) => getWebhookEvent(tx, request.params.id)),
  );

  app.post(
    `${EVENTS}/:id/replay`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Process a failed or parked event again, with a fresh set of tries',
        params: IdParams,
        response: { 202: WebhookEventSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const event = await inTenant(request, async (tx) => {
        const before = await replayWebhookEvent(tx, request.params.id);
        const replayed = await getWebhookEvent(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'webhook_events.replay',
          targetType: 'webhook_event',
          targetId: replayed.id,
          details: {
            eventId: replayed.eventId,
            topic: replayed.topic,
            source: replayed.source,
            previousStatus: before.status,
            previousAttempts: before.attempts,
            previousError: before.lastError,
          },
        });
        return replayed;
      });
      queue.queue(tenantId, [event.id]);
      return reply.code(202).send(event);
    },
  );
}
