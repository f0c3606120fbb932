/**
 * The admin API of outbound events under /api/v1/integrations: webhook endpoints, the outbox,
 * deliveries and their replay. Admins only (`integrations:manage`); every change is audited in
 * the same transaction; tries are queued only after that transaction commits.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../core/audit/audit.js';
import type { GuildConfig } from '../../core/config/config.js';
import { allowPartnerAddresses } from './partner-http.js';
import type { Database, Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import type { JobRunner } from '../../core/jobs/jobs.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { OutboundQueue } from './delivery-queue.js';
import {
  DeliveryQuerySchema,
  DeliverySchema,
  EndpointChangeSchema,
  EndpointInputSchema,
  EndpointSchema,
  EndpointWithSecretSchema,
  EventSchema,
} from './outbound.schemas.js';
import {
  createEndpoint,
  deleteEndpoint,
  getDelivery,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  listEvents,
  pingEndpoint,
  replayDelivery,
  rotateEndpointSecret,
  updateEndpoint,
} from './outbound.service.js';

const BASE = '/api/v1/integrations';
const ENDPOINTS = `${BASE}/webhook-endpoints`;
const access = 'integrations:manage' as const;
const tags = ['integrations'];

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

function actorId(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

/**
 * Registers the outbound routes and the delivery job (and, in a process that runs jobs, the
 * sweeper). Call before the job runner starts.
 * @returns the queue that whoever emits an event calls after commit (`afterCommit`)
 */
export function registerOutboundRoutes(
  app: GuildServer,
  db: Database,
  config: GuildConfig,
  jobs: JobRunner,
): OutboundQueue {
  allowPartnerAddresses(config.delivery.allowedAddresses);
  const queue = new OutboundQueue(db, jobs, config.delivery, app.log);
  if (config.jobs.work) {
    const stopSweeper = queue.startSweeper();
    app.addHook('onClose', () => stopSweeper());
  }

  const inTenant: InTenant = (request, work) => db.tenant(request.guild.tenant.id, work);
  registerEndpointRoutes(app, inTenant);
  registerEndpointActions(app, inTenant, queue);
  registerDeliveryRoutes(app, inTenant, queue);
  return queue;
}

function registerEndpointRoutes(app: GuildServer, inTenant: InTenant) {
  app.get(
    ENDPOINTS,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Webhook endpoints, newest first (never with their secrets)',
        querystring: PageQuery,
        response: { 200: PageOf(EndpointSchema) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listEndpoints(tx, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
      ),
  );

  app.post(
    ENDPOINTS,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Add a webhook endpoint; its signing secret is shown only in this answer',
        body: EndpointInputSchema,
        response: { 201: EndpointWithSecretSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const endpoint = await inTenant(request, async (tx) => {
        const created = await createEndpoint(tx, tenantId, actorId(request), request.body);
        await recordAudit(tx, request, {
          action: 'webhook_endpoints.create',
          targetType: 'webhook_endpoint',
          targetId: created.id,
          details: { url: created.url, topics: created.topics, enabled: created.enabled },
        });
        return created;
      });
      return reply.code(201).send(endpoint);
    },
  );

  app.get(
    `${ENDPOINTS}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One webhook endpoint',
        params: IdParams,
        response: { 200: EndpointSchema },
      },
    },
    (request) => inTenant(request, (tx) => getEndpoint(tx, request.params.id)),
  );

  app.patch(
    `${ENDPOINTS}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: "Change a webhook endpoint's address, description, topics or state",
        params: IdParams,
        body: EndpointChangeSchema,
        response: { 200: EndpointSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const endpoint = await updateEndpoint(tx, request.params.id, request.body);
        await recordAudit(tx, request, {
          action: 'webhook_endpoints.update',
          targetType: 'webhook_endpoint',
          targetId: endpoint.id,
          details: { ...request.body },
        });
        return endpoint;
      }),
  );

  app.delete(
    `${ENDPOINTS}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Remove a webhook endpoint and the record of its deliveries',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await inTenant(request, async (tx) => {
        const endpoint = await getEndpoint(tx, request.params.id);
        await deleteEndpoint(tx, endpoint.id);
        await recordAudit(tx, request, {
          action: 'webhook_endpoints.delete',
          targetType: 'webhook_endpoint',
          targetId: endpoint.id,
          details: { url: endpoint.url },
        });
      });
      return reply.code(204).send(null);
    },
  );
}

function registerEndpointActions(app: GuildServer, inTenant: InTenant, queue: OutboundQueue) {
  app.post(
    `${ENDPOINTS}/:id/rotate-secret`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Give an endpoint a new signing secret, shown only in this answer',
        params: IdParams,
        response: { 200: EndpointWithSecretSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const endpoint = await rotateEndpointSecret(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'webhook_endpoints.rotate_secret',
          targetType: 'webhook_endpoint',
          targetId: endpoint.id,
        });
        return endpoint;
      }),
  );

  app.post(
    `${ENDPOINTS}/:id/ping`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Send a ping event to this endpoint only',
        params: IdParams,
        response: { 202: DeliverySchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const delivery = await inTenant(request, async (tx) => {
        const pinged = await pingEndpoint(tx, tenantId, request.params.id);
        await recordAudit(tx, request, {
          action: 'webhook_endpoints.ping',
          targetType: 'webhook_endpoint',
          targetId: request.params.id,
          details: { eventId: pinged.eventId, deliveryId: pinged.id },
        });
        return pinged;
      });
      queue.deliverNow(tenantId, delivery.id);
      return reply.code(202).send(delivery);
    },
  );
}

function registerDeliveryRoutes(app: GuildServer, inTenant: InTenant, queue: OutboundQueue) {
  app.get(
    `${BASE}/deliveries`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Recent deliveries, newest first, optionally of one status',
        querystring: DeliveryQuerySchema,
        response: { 200: PageOf(DeliverySchema) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listDeliveries(tx, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
          status: request.query.status,
        }),
      ),
  );

  app.get(
    `${BASE}/deliveries/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One delivery',
        params: IdParams,
        response: { 200: DeliverySchema },
      },
    },
    (request) => inTenant(request, (tx) => getDelivery(tx, request.params.id)),
  );

  app.post(
    `${BASE}/deliveries/:id/replay`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Send a succeeded or dead delivery again, with a fresh set of tries',
        params: IdParams,
        response: { 202: DeliverySchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const delivery = await inTenant(request, async (tx) => {
        const before = await replayDelivery(tx, request.params.id);
        const replayed = await getDelivery(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'deliveries.replay',
          targetType: 'delivery',
          targetId: replayed.id,
          details: {
            eventId: replayed.eventId,
            topic: replayed.topic,
            previousStatus: before.status,
            previousAttempts: before.attempts,
          },
        });
        return replayed;
      });
      queue.deliverNow(tenantId, delivery.id);
      return reply.code(202).send(delivery);
    },
  );

  app.get(
    `${BASE}/events`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'The outbox: events Guild has emitted, newest first',
        querystring: PageQuery,
        response: { 200: PageOf(EventSchema) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listEvents(tx, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
      ),
  );
}
