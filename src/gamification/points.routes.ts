/**
 * The points API under /api/v1/points: a member's balances and history, managers' awards and
 * adjustments (each needs an Idempotency-Key, so a retried request never pays twice), and the
 * reconciliation report.
 */
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../core/audit/audit.js';
import type { Database, Orm } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';
import { idempotent, idempotencyKeyOf } from '../core/http/idempotency.js';
import { IdParams, Nullable, StringEnum } from '../core/http/schemas.js';
import type { GuildServer } from '../core/http/server.js';
import { ENTRY_KINDS, ENTRY_SOURCES, MAX_ENTRY_POINTS, type LedgerEntry } from './ledger.js';
import { BALANCE_FIELDS, reconcile } from './reconciliation.js';
import { convertToLoyalty, pointsSettings, savePointsSettings } from './loyalty-sync.js';
import { recordStoreVisit, storeVisitCode } from './store-visits.js';
import type { OutboundQueue } from '../integrations/outbound/delivery-queue.js';
import {
  assertMember,
  decodeEntryCursor,
  listEntries,
  manualChange,
  pointsSummary,
  type PointsSummary,
} from './points.service.js';

const BASE = '/api/v1/points';
const tags = ['points'];

const BalancesSchema = Type.Object({
  lifetime: Type.Integer(),
  spendable: Type.Integer(),
  pending: Type.Integer(),
  tierQualifying: Type.Integer(),
});

const SummarySchema = Type.Object({
  userId: Type.String(),
  balances: BalancesSchema,
  expiring: Type.Array(
    Type.Object({ points: Type.Integer(), expiresAt: Type.String({ format: 'date-time' }) }),
  ),
  releases: Type.Array(
    Type.Object({ points: Type.Integer(), availableAt: Type.String({ format: 'date-time' }) }),
  ),
  timezone: Type.String(),
});

const EntrySchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(ENTRY_KINDS),
  bucket: StringEnum(['spendable', 'pending']),
  amount: Type.Integer(),
  tierQualifying: Type.Boolean(),
  reason: Type.String(),
  source: StringEnum(ENTRY_SOURCES),
  sourceRef: Nullable(Type.String()),
  ruleId: Nullable(Type.String()),
  ruleVersion: Nullable(Type.Integer()),
  reversesEntryId: Nullable(Type.String()),
  availableAt: Nullable(Type.String({ format: 'date-time' })),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});

const EntryPage = Type.Object({
  items: Type.Array(EntrySchema),
  nextCursor: Nullable(Type.String()),
});

const EntryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
});

const Reason = Type.String({ minLength: 1, maxLength: 200 });

const AwardBody = Type.Object(
  {
    userId: Type.String({ format: 'uuid' }),
    points: Type.Integer({ minimum: 1, maximum: MAX_ENTRY_POINTS }),
    reason: Reason,
    expiresInDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
  },
  { additionalProperties: false },
);

const AdjustmentBody = Type.Object(
  {
    userId: Type.String({ format: 'uuid' }),
    points: Type.Integer({ minimum: -MAX_ENTRY_POINTS, maximum: MAX_ENTRY_POINTS }),
    reason: Reason,
    allowNegative: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

const ChangeResult = Type.Object({ entry: EntrySchema, balances: BalancesSchema });

/** Documented here, checked by `idempotent()` so that a missing key has its own error code. */
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ maxLength: 1000 })),
});

const SettingsBody = Type.Object(
  {
    conversionEnabled: Type.Boolean(),
    communityPointsPerLoyaltyPoint: Type.Integer({ minimum: 1, maximum: 100_000 }),
    conversionMinimum: Type.Integer({ minimum: 1, maximum: MAX_ENTRY_POINTS }),
  },
  { additionalProperties: false },
);
const SettingsSchema = Type.Intersect([
  SettingsBody,
  Type.Object({ updatedAt: Nullable(Type.String({ format: 'date-time' })) }),
]);

const ConversionBody = Type.Object(
  { points: Type.Integer({ minimum: 1, maximum: MAX_ENTRY_POINTS }) },
  { additionalProperties: false },
);
const ConversionSchema = Type.Object({
  entry: EntrySchema,
  loyaltyPoints: Type.Integer(),
  loyaltyId: Type.String(),
  balances: BalancesSchema,
});

const VisitCodeSchema = Type.Object({
  storeId: Type.String(),
  storeName: Type.String(),
  code: Type.String(),
  validOn: Type.String({ format: 'date' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
const VisitBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const VisitResult = Type.Object({
  recorded: Type.Boolean(),
  points: Type.Integer(),
  storeName: Type.String(),
});

const ReconciliationSchema = Type.Object({
  membersChecked: Type.Integer(),
  entriesChecked: Type.Integer(),
  drift: Type.Array(
    Type.Object({
      userId: Type.String(),
      field: StringEnum(BALANCE_FIELDS),
      recorded: Type.Integer(),
      fromEntries: Type.Integer(),
    }),
  ),
  checkedAt: Type.String({ format: 'date-time' }),
});

/** The entry as the API shows it (the idempotency key is Guild's own business). */
function presentEntry(entry: LedgerEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    bucket: entry.bucket,
    amount: entry.amount,
    tierQualifying: entry.tierQualifying,
    reason: entry.reason,
    source: entry.source,
    sourceRef: entry.sourceRef,
    ruleId: entry.ruleId,
    ruleVersion: entry.ruleVersion,
    reversesEntryId: entry.reversesEntryId,
    availableAt: entry.availableAt?.toISOString() ?? null,
    expiresAt: entry.expiresAt?.toISOString() ?? null,
    createdAt: entry.createdAt.toISOString(),
  };
}

function presentSummary(summary: PointsSummary) {
  return {
    ...summary,
    expiring: summary.expiring.map((lot) => ({
      points: lot.points,
      expiresAt: lot.expiresAt.toISOString(),
    })),
    releases: summary.releases.map((release) => ({
      points: release.points,
      availableAt: release.availableAt.toISOString(),
    })),
  };
}

function actorIdOf(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

export function registerPointsRoutes(
  app: GuildServer,
  db: Database,
  outbound: OutboundQueue,
): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);
  const tenantOf = (request: FastifyRequest) => request.guild.tenant.id;

  const entryPage = async (
    request: FastifyRequest,
    userId: string,
    query: Static<typeof EntryQuery>,
  ) => {
    const before = decodeEntryCursor(query.cursor);
    const page = await inTenant(request, async (tx) => {
      await assertMember(tx, userId);
      return listEntries(tx, userId, { limit: query.limit ?? 20, before });
    });
    return { items: page.items.map(presentEntry), nextCursor: page.nextCursor };
  };

  app.get(
    `${BASE}/me`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'My points: balances, what expires next, what is pending',
        response: { 200: SummarySchema },
      },
    },
    (request) =>
      inTenant(request, (tx) => pointsSummary(tx, tenantOf(request), actorIdOf(request))).then(
        presentSummary,
      ),
  );

  app.get(
    `${BASE}/me/entries`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'My points history, newest first',
        querystring: EntryQuery,
        response: { 200: EntryPage },
      },
    },
    (request) => entryPage(request, actorIdOf(request), request.query),
  );

  app.get(
    `${BASE}/members/:id`,
    {
      config: { access: 'points:manage' },
      schema: {
        tags,
        summary: "A member's points",
        params: IdParams,
        response: { 200: SummarySchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        await assertMember(tx, request.params.id);
        return presentSummary(await pointsSummary(tx, tenantOf(request), request.params.id));
      }),
  );

  app.get(
    `${BASE}/members/:id/entries`,
    {
      config: { access: 'points:manage' },
      schema: {
        tags,
        summary: "A member's points history, newest first",
        params: IdParams,
        querystring: EntryQuery,
        response: { 200: EntryPage },
      },
    },
    (request) => entryPage(request, request.params.id, request.query),
  );

  const change =
    (kind: 'award' | 'adjustment') =>
    async (
      request: FastifyRequest<{
        Body: Static<typeof AwardBody> | Static<typeof AdjustmentBody>;
      }>,
    ) => {
      const body = request.body;
      if (body.points === 0) {
        throw new GuildError('validation_failed', 'An adjustment must change points (not 0).', {
          field: 'points',
        });
      }
      const key = idempotencyKeyOf(request);
      if (key === null) {
        throw new GuildError('idempotency_key_required');
      }
      const by = actorIdOf(request);
      return inTenant(request, (tx) =>
        idempotent(
          tx,
          request,
          async () => {
            const result = await manualChange(
              tx,
              tenantOf(request),
              kind,
              {
                userId: body.userId,
                points: body.points,
                reason: body.reason,
                expiresInDays: 'expiresInDays' in body ? (body.expiresInDays ?? null) : null,
                allowNegative: 'allowNegative' in body ? (body.allowNegative ?? false) : false,
              },
              by,
              key,
            );
            await recordAudit(tx, request, {
              action: kind === 'award' ? 'points.award' : 'points.adjust',
              targetType: 'user',
              targetId: body.userId,
              details: { points: body.points, reason: body.reason, entryId: result.entry.id },
            });
            return {
              status: 201,
              body: { entry: presentEntry(result.entry), balances: result.balances },
            };
          },
          { required: true },
        ),
      );
    };

  app.post(
    `${BASE}/awards`,
    {
      config: { access: 'points:manage' },
      schema: {
        tags,
        summary: 'Award points to a member (send an Idempotency-Key)',
        headers: IdempotencyHeaders,
        body: AwardBody,
        response: { 200: ChangeResult, 201: ChangeResult },
      },
    },
    async (request, reply) => {
      const result = await change('award')(request);
      return reply
        .code(result.status === 201 ? 201 : 200)
        .header('idempotent-replayed', String(result.replayed))
        .send(result.body);
    },
  );

  app.post(
    `${BASE}/adjustments`,
    {
      config: { access: 'points:manage' },
      schema: {
        tags,
        summary: 'Correct a member’s points up or down (send an Idempotency-Key)',
        headers: IdempotencyHeaders,
        body: AdjustmentBody,
        response: { 200: ChangeResult, 201: ChangeResult },
      },
    },
    async (request, reply) => {
      const result = await change('adjustment')(request);
      return reply
        .code(result.status === 201 ? 201 : 200)
        .header('idempotent-replayed', String(result.replayed))
        .send(result.body);
    },
  );

  app.get(
    `${BASE}/reconciliation`,
    {
      config: { access: 'points:manage' },
      schema: {
        tags,
        summary: 'Prove every balance equals the sum of its entries',
        response: { 200: ReconciliationSchema },
      },
    },
    (request) =>
      inTenant(request, (tx) => reconcile(tx)).then((report) => ({
        ...report,
        checkedAt: report.checkedAt.toISOString(),
      })),
  );

  app.get(
    `${BASE}/settings`,
    {
      config: { access: 'points:manage' },
      schema: { tags, summary: 'Points settings', response: { 200: SettingsSchema } },
    },
    (request) =>
      inTenant(request, (tx) => pointsSettings(tx)).then((settings) => ({
        ...settings,
        updatedAt: settings.updatedAt?.toISOString() ?? null,
      })),
  );

  app.put(
    `${BASE}/settings`,
    {
      config: { access: 'points:manage' },
      schema: {
        tags,
        summary: 'Change the points settings (conversion to loyalty points)',
        body: SettingsBody,
        response: { 200: SettingsSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const saved = await savePointsSettings(
          tx,
          tenantOf(request),
          request.body,
          actorIdOf(request),
        );
        await recordAudit(tx, request, {
          action: 'points.settings',
          targetType: 'tenant',
          targetId: tenantOf(request),
          details: { ...request.body },
        });
        return { ...saved, updatedAt: saved.updatedAt?.toISOString() ?? null };
      }),
  );

  app.post(
    `${BASE}/me/conversions`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Convert my points to loyalty points (send an Idempotency-Key)',
        headers: IdempotencyHeaders,
        body: ConversionBody,
        response: { 200: ConversionSchema, 201: ConversionSchema },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      if (key === null) {
        throw new GuildError('idempotency_key_required');
      }
      let eventId: string | null = null;
      const result = await inTenant(request, (tx) =>
        idempotent(
          tx,
          request,
          async () => {
            const conversion = await convertToLoyalty(
              tx,
              tenantOf(request),
              actorIdOf(request),
              request.body.points,
              key,
            );
            eventId = conversion.eventId;
            return {
              status: 201,
              body: {
                entry: presentEntry(conversion.entry),
                loyaltyPoints: conversion.loyaltyPoints,
                loyaltyId: conversion.loyaltyId,
                balances: conversion.balances,
              },
            };
          },
          { required: true },
        ),
      );
      if (eventId !== null) {
        outbound.afterCommit(tenantOf(request), eventId);
      }
      return reply
        .code(result.status === 201 ? 201 : 200)
        .header('idempotent-replayed', String(result.replayed))
        .send(result.body);
    },
  );

  app.get(
    `${BASE}/stores/:id/visit-code`,
    {
      config: { access: 'points:manage' },
      schema: {
        tags,
        summary: "A store's visit code for today (shown as a QR code in the store)",
        params: IdParams,
        response: { 200: VisitCodeSchema },
      },
    },
    (request) =>
      inTenant(request, (tx) => storeVisitCode(tx, tenantOf(request), request.params.id)).then(
        (code) => ({ ...code, expiresAt: code.expiresAt.toISOString() }),
      ),
  );

  app.post(
    `${BASE}/me/store-visits`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Record my visit to a store from the code I scanned there',
        body: VisitBody,
        response: { 200: VisitResult },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        recordStoreVisit(tx, tenantOf(request), actorIdOf(request), request.body.code),
      ).then((visit) => ({
        recorded: visit.recorded,
        points: visit.points,
        storeName: visit.storeName,
      })),
  );
}
