/**
 * The customer and identity API under /api/v1/integrations: search customer records, see one
 * joined with its member, orders, loyalty and mentions, join a record to a member or undo a
 * join, and run the automatic matching rules. Admins only; every change is audited and
 * announced to partners after commit.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../core/db/database.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { LINK_RULES } from '../integrations.table.js';
import type { OutboundQueue } from '../outbound/delivery-queue.js';
import { customerDetail, listCustomers } from './customers.service.js';
import { linkExplicitly, matchMembersToCustomers, unlink, type Actor } from './identity.service.js';

const BASE = '/api/v1/integrations';
const access = 'integrations:manage' as const;
const tags = ['integrations'];

const Member = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
});

const CustomerListItem = Type.Object({
  id: Type.String(),
  externalId: Type.String(),
  email: Nullable(Type.String()),
  name: Nullable(Type.String()),
  country: Nullable(Type.String()),
  orderCount: Type.Integer(),
  linkedMember: Nullable(Member),
});

const CustomerDetail = Type.Object({
  id: Type.String(),
  externalId: Type.String(),
  email: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  country: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  consent: Type.Object({ email: Nullable(Type.Boolean()), sms: Nullable(Type.Boolean()) }),
  loyaltyId: Nullable(Type.String()),
  source: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  links: Type.Array(
    Type.Object({
      id: Type.String(),
      rule: StringEnum(LINK_RULES),
      linkedAt: Type.String({ format: 'date-time' }),
      member: Member,
    }),
  ),
  orders: Type.Object({
    count: Type.Integer(),
    netRevenue: Type.String(),
    currency: Nullable(Type.String()),
    lastOrderAt: Nullable(Type.String({ format: 'date-time' })),
    recent: Type.Array(
      Type.Object({
        id: Type.String(),
        externalId: Type.String(),
        kind: StringEnum(['sale', 'return', 'adjustment']),
        placedAt: Type.String({ format: 'date-time' }),
        lineCount: Type.Integer(),
        net: Type.String(),
      }),
    ),
  }),
  loyalty: Type.Array(
    Type.Object({
      externalId: Type.String(),
      tierCode: Nullable(Type.String()),
      pointsBalance: Type.Number(),
      recentEvents: Type.Array(
        Type.Object({
          kind: Type.String(),
          points: Type.Number(),
          occurredAt: Type.String({ format: 'date-time' }),
          reason: Nullable(Type.String()),
        }),
      ),
    }),
  ),
  mentions: Type.Object({
    count: Type.Integer(),
    recent: Type.Array(
      Type.Object({
        platform: Type.String(),
        authorHandle: Nullable(Type.String()),
        body: Type.String(),
        postedAt: Type.String({ format: 'date-time' }),
        sentiment: Nullable(Type.String()),
        reach: Nullable(Type.Integer()),
      }),
    ),
  }),
});

const LinkMade = Type.Object({
  linkId: Type.String(),
  userId: Type.String(),
  customerId: Type.String(),
  rule: StringEnum(LINK_RULES),
});

function actorOf(request: FastifyRequest): Actor {
  return { userId: request.guild.actor?.userId ?? null, requestId: request.id, ip: request.ip };
}

/** Registers the customer and identity routes. */
export function registerIdentityRoutes(
  app: GuildServer,
  db: Database,
  outbound: OutboundQueue,
): void {
  const announce = (tenantId: string, eventIds: readonly string[]) => {
    for (const eventId of eventIds) {
      outbound.afterCommit(tenantId, eventId);
    }
  };

  app.get(
    `${BASE}/customers`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Search customer records by e-mail prefix, external id or name',
        querystring: Type.Object({
          ...PageQuery.properties,
          q: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: PageOf(CustomerListItem) },
      },
    },
    (request) =>
      db.tenant(request.guild.tenant.id, (tx) =>
        listCustomers(tx, {
          q: request.query.q,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        }),
      ),
  );

  app.get(
    `${BASE}/customers/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One customer with its member, orders, loyalty accounts and mentions',
        params: IdParams,
        response: { 200: CustomerDetail },
      },
    },
    (request) => db.tenant(request.guild.tenant.id, (tx) => customerDetail(tx, request.params.id)),
  );

  app.post(
    `${BASE}/customers/:id/links`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Join a customer record to a member (an explicit link)',
        params: IdParams,
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 60 }) }),
        response: { 201: LinkMade },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const { link, eventId } = await db.tenant(tenantId, (tx) =>
        linkExplicitly(tx, tenantId, request.params.id, request.body.username, actorOf(request)),
      );
      announce(tenantId, [eventId]);
      return reply.code(201).send(link);
    },
  );

  app.delete(
    `${BASE}/customer-links/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Undo a join (an unmerge); automatic rules will not make it again',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const { eventId } = await db.tenant(tenantId, (tx) =>
        unlink(tx, tenantId, request.params.id, request.body.reason, actorOf(request)),
      );
      announce(tenantId, [eventId]);
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${BASE}/identity/match`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Join members to customer records by verified e-mail and loyalty id now',
        response: { 200: Type.Object({ linked: Type.Array(LinkMade) }) },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      const result = await db.tenant(tenantId, (tx) => matchMembersToCustomers(tx, tenantId));
      announce(tenantId, result.eventIds);
      return { linked: result.links };
    },
  );
}
