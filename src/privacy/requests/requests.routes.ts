/**
 * The data-subject requests API under /api/v1/privacy: a member files a request and follows
 * their own, downloads their data in one click and fetches their archives; an admin logs a
 * request received elsewhere, works the board (sorted by due date), moves requests through
 * their states, records the identity check and the one extension, prepares and downloads
 * exports. Every change is audited with the request before and after. docs/PRIVACY.md.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorIdOf as actorId } from '../../core/http/request-context.js';
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { queueEmailTo } from '../../accounts/email-delivery.js';
import { auditOrigin, recordAudit } from '../../core/audit/audit.js';
import type { OutboundQueue } from '../../integrations/outbound/delivery-queue.js';
import { eraseMember, erasureOf } from '../erasure/erasure.service.js';
import type { Database, Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { REGIMES } from './clocks.js';
import {
  IDENTITY_METHODS,
  REQUEST_CHANNELS,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  ERASURE_KINDS,
  checkSelfExportAllowed,
  completeErasureRequest,
  downloadExport,
  extendRequest,
  fileRequest,
  getExport,
  getRequest,
  listRequests,
  moveRequest,
  prepareExport,
  requestSettings,
  setRequestSettings,
  standing,
  verifyIdentity,
  type PrivacyRequest,
  type RequestAction,
  type StoredExport,
} from './requests.service.js';

const BASE = '/api/v1/privacy';
const tags = ['privacy'];
const DateTime = Type.String({ format: 'date-time' });
const Kind = StringEnum(REQUEST_KINDS);
const Status = StringEnum(REQUEST_STATUSES);
const Regime = StringEnum(REGIMES);
const Note = Type.String({ minLength: 1, maxLength: 2000 });

const RequestSchema = Type.Object({
  id: Type.String(),
  userId: Nullable(Type.String()),
  username: Nullable(Type.String()),
  regime: Regime,
  kind: Kind,
  status: Status,
  channel: StringEnum(REQUEST_CHANNELS),
  note: Nullable(Type.String()),
  receivedAt: DateTime,
  firstDueAt: DateTime,
  dueAt: DateTime,
  ackDueAt: Nullable(DateTime),
  acknowledgedAt: Nullable(DateTime),
  extendedAt: Nullable(DateTime),
  extensionNoticeAt: Nullable(DateTime),
  extensionReason: Nullable(Type.String()),
  identityVerifiedAt: Nullable(DateTime),
  identityMethod: Nullable(StringEnum(IDENTITY_METHODS)),
  refusalReason: Nullable(Type.String()),
  closedAt: Nullable(DateTime),
  daysLeft: Nullable(Type.Integer()),
  overdue: Type.Boolean(),
  ackOverdue: Type.Boolean(),
  answeredLate: Type.Boolean(),
  exportId: Nullable(Type.String()),
});
const ExportSchema = Type.Object({
  id: Type.String(),
  requestId: Type.String(),
  sha256: Type.String(),
  bytes: Type.Integer(),
  files: Type.Array(Type.Object({ file: Type.String(), rows: Type.Integer() })),
  createdAt: DateTime,
  expiresAt: DateTime,
  downloads: Type.Integer(),
});
const SettingsSchema = Type.Object({ defaultRegime: Regime });

const iso = (value: Date | null) => value?.toISOString() ?? null;

function presentRequest(r: PrivacyRequest, now = new Date()) {
  const s = standing(r, now);
  return {
    id: r.id,
    userId: r.userId,
    username: r.username,
    regime: r.regime,
    kind: r.kind,
    status: r.status,
    channel: r.channel,
    note: r.note,
    receivedAt: r.receivedAt.toISOString(),
    firstDueAt: r.firstDueAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    ackDueAt: iso(r.ackDueAt),
    acknowledgedAt: iso(r.acknowledgedAt),
    extendedAt: iso(r.extendedAt),
    extensionNoticeAt: iso(r.extensionNoticeAt),
    extensionReason: r.extensionReason,
    identityVerifiedAt: iso(r.identityVerifiedAt),
    identityMethod: r.identityMethod,
    refusalReason: r.refusalReason,
    closedAt: iso(r.closedAt),
    daysLeft: s.daysLeft,
    overdue: s.overdue,
    ackOverdue: s.ackOverdue,
    answeredLate: s.answeredLate,
    exportId: r.exportId,
  };
}

const presentExport = (e: StoredExport) => ({
  id: e.id,
  requestId: e.requestId,
  sha256: e.sha256,
  bytes: e.bytes,
  files: e.files,
  createdAt: e.createdAt.toISOString(),
  expiresAt: e.expiresAt.toISOString(),
  downloads: e.downloads,
});

/** What an audit entry keeps of a request: its state, clock and identity check. */
const auditView = (r: PrivacyRequest) => ({
  status: r.status,
  dueAt: r.dueAt.toISOString(),
  extendedAt: iso(r.extendedAt),
  identityVerifiedAt: iso(r.identityVerifiedAt),
  identityMethod: r.identityMethod,
  refusalReason: r.refusalReason,
});

const KIND_WORDS: Record<PrivacyRequest['kind'], string> = {
  access: 'access to your data',
  portability: 'a copy of your data to take elsewhere',
  erasure: 'erasure of your data',
  rectification: 'correction of your data',
  objection: 'an objection to how your data is used',
  restriction: 'a restriction of how your data is used',
  know: 'to know what data we hold about you',
  delete: 'deletion of your data',
  correct: 'correction of your data',
};

const day = (at: Date) => at.toISOString().slice(0, 10);

/** The e-mail a member gets when their request is acknowledged or its deadline extended. */
function memberMessage(r: PrivacyRequest, what: 'acknowledged' | 'extended') {
  const asked = `You asked for ${KIND_WORDS[r.kind]} on ${day(r.receivedAt)}.`;
  if (what === 'acknowledged') {
    return {
      kind: 'privacy_request_acknowledged',
      subject: 'We have received your privacy request',
      text: `${asked} We have received it and will answer by ${day(r.dueAt)}.`,
    };
  }
  return {
    kind: 'privacy_request_extended',
    subject: 'Your privacy request needs more time',
    text:
      `${asked} We need more time to answer it, because: ${r.extensionReason ?? ''}\n\n` +
      `We will answer by ${day(r.dueAt)}.`,
  };
}

export function registerPrivacyRequestRoutes(
  app: GuildServer,
  db: Database,
  mail: MailWritten,
  outbound: OutboundQueue,
): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm, tenantId: string) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, (tx) => work(tx, request.guild.tenant.id));

  const audited = async (
    tx: Orm,
    request: FastifyRequest,
    action: string,
    change: { before: PrivacyRequest | null; after: PrivacyRequest },
    details: Record<string, unknown> = {},
  ) => {
    await recordAudit(tx, request, {
      action: `privacy_request.${action}`,
      targetType: 'privacy_request',
      targetId: change.after.id,
      details: {
        ...details,
        kind: change.after.kind,
        subject: change.after.userId,
        before: change.before ? auditView(change.before) : null,
        after: auditView(change.after),
      },
    });
  };

  const tellMember = async (
    tx: Orm,
    request: FastifyRequest,
    r: PrivacyRequest,
    what: 'acknowledged' | 'extended',
  ): Promise<boolean> =>
    r.userId !== null &&
    queueEmailTo(tx, request.guild.tenant.id, { userId: r.userId, ...memberMessage(r, what) });

  /** Files a request, audited; the member's own when `loggedBy` is null. */
  const file = async (
    tx: Orm,
    tenantId: string,
    request: FastifyRequest,
    input: Parameters<typeof fileRequest>[2],
  ) => {
    const filed = await fileRequest(tx, tenantId, input);
    await audited(tx, request, 'file', { before: null, after: filed }, { channel: input.channel });
    return filed;
  };

  const sendArchive = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    owner: string | null,
  ) => {
    const archive = await inTenant(request, async (tx) => {
      const stored = await getExport(tx, id);
      if (owner !== null && stored.userId !== owner) {
        throw fail.notFound('No such export, or it has expired.');
      }
      const bytes = await downloadExport(tx, id);
      await recordAudit(tx, request, {
        action: 'privacy_export.download',
        targetType: 'privacy_export',
        targetId: id,
        details: { request: stored.requestId, subject: stored.userId, byOwner: owner !== null },
      });
      return bytes;
    });
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="guild-data-${id}.zip"`)
      .header('cache-control', 'no-store')
      .send(archive);
  };

  // ---- the member's side -------------------------------------------------------------

  app.post(
    `${BASE}/requests`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'File a data-subject request (access, erasure, correction…) about yourself',
        body: Type.Object(
          { kind: Kind, note: Type.Optional(Note) },
          { additionalProperties: false },
        ),
        response: { 201: RequestSchema },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const filed = await inTenant(request, (tx, tenantId) =>
        file(tx, tenantId, request, {
          userId,
          kind: request.body.kind,
          note: request.body.note ?? null,
          channel: 'privacy_centre',
          receivedAt: new Date(),
          loggedBy: null,
          identity: { method: 'signed_in_session', by: null },
        }),
      );
      return reply.code(201).send(presentRequest(filed));
    },
  );

  app.get(
    `${BASE}/me/requests`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Your data-subject requests, by due date',
        querystring: PageQuery,
        response: { 200: PageOf(RequestSchema) },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const page = await inTenant(request, (tx) =>
        listRequests(tx, {
          userId,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        }),
      );
      return { items: page.items.map((r) => presentRequest(r)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    `${BASE}/me/export`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Download my data: an access request answered at once with an archive',
        response: { 201: Type.Object({ request: RequestSchema, export: ExportSchema }) },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const result = await inTenant(request, async (tx, tenantId) => {
        await checkSelfExportAllowed(tx, userId);
        const filed = await file(tx, tenantId, request, {
          userId,
          kind: 'access',
          note: null,
          channel: 'privacy_centre',
          receivedAt: new Date(),
          loggedBy: null,
          identity: { method: 'signed_in_session', by: null },
        });
        for (const step of ['acknowledge', 'start'] as const) {
          await audited(tx, request, step, await moveRequest(tx, filed.id, step, { by: null }));
        }
        const prepared = await prepareExport(tx, tenantId, await getRequest(tx, filed.id));
        await audited(
          tx,
          request,
          'complete',
          await moveRequest(tx, filed.id, 'complete', { by: userId }),
          { export: prepared.id },
        );
        return { request: await getRequest(tx, filed.id), export: prepared };
      });
      return reply
        .code(201)
        .send({ request: presentRequest(result.request), export: presentExport(result.export) });
    },
  );

  app.get(
    `${BASE}/me/exports/:id/download`,
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'Download one of your archives (a zip)', params: IdParams },
    },
    async (request, reply) => sendArchive(request, reply, request.params.id, actorId(request)),
  );

  // ---- the admins' side --------------------------------------------------------------

  app.post(
    `${BASE}/members/:id/requests`,
    {
      config: { access: 'privacy:requests' },
      schema: {
        tags,
        summary: "Log a member's request received by e-mail, phone, post or in person",
        params: IdParams,
        body: Type.Object(
          {
            kind: Kind,
            note: Type.Optional(Note),
            receivedAt: DateTime,
            channel: StringEnum(REQUEST_CHANNELS.filter((c) => c !== 'privacy_centre')),
          },
          { additionalProperties: false },
        ),
        response: { 201: RequestSchema },
      },
    },
    async (request, reply) => {
      const receivedAt = new Date(request.body.receivedAt);
      if (receivedAt.getTime() > Date.now() + 60_000) {
        throw fail.validation('A request cannot be received in the future.', {
          field: 'receivedAt',
        });
      }
      const filed = await inTenant(request, (tx, tenantId) =>
        file(tx, tenantId, request, {
          userId: request.params.id,
          kind: request.body.kind,
          note: request.body.note ?? null,
          channel: request.body.channel,
          receivedAt,
          loggedBy: actorId(request),
        }),
      );
      return reply.code(201).send(presentRequest(filed));
    },
  );

  app.get(
    `${BASE}/requests`,
    {
      config: { access: 'privacy:requests' },
      schema: {
        tags,
        summary: 'The board: requests by due date, with days left and overdue flags',
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(Status),
          kind: Type.Optional(Kind),
          regime: Type.Optional(Regime),
          overdue: Type.Optional(Type.Boolean()),
          dueBefore: Type.Optional(DateTime),
        }),
        response: { 200: PageOf(RequestSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await inTenant(request, (tx) =>
        listRequests(tx, {
          status: q.status,
          kind: q.kind,
          regime: q.regime,
          overdue: q.overdue,
          dueBefore: q.dueBefore === undefined ? undefined : new Date(q.dueBefore),
          limit: q.limit ?? 20,
          cursor: q.cursor,
        }),
      );
      const now = new Date();
      return { items: page.items.map((r) => presentRequest(r, now)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${BASE}/requests/:id`,
    {
      config: { access: 'privacy:requests' },
      schema: { tags, summary: 'One request', params: IdParams, response: { 200: RequestSchema } },
    },
    async (request) =>
      presentRequest(await inTenant(request, (tx) => getRequest(tx, request.params.id))),
  );

  const actions: { action: RequestAction; summary: string }[] = [
    { action: 'acknowledge', summary: 'Confirm receipt to the member' },
    { action: 'start', summary: 'Start work (an erasure: hand it to the erasure service)' },
    { action: 'complete', summary: 'Close as answered (identity checked; an export if access)' },
    { action: 'refuse', summary: 'Close as refused, with the reason' },
  ];
  for (const { action, summary } of actions) {
    app.post(
      `${BASE}/requests/:id/${action}`,
      {
        config: { access: 'privacy:requests' },
        schema: {
          tags,
          summary,
          params: IdParams,
          // No body is needed but for a refusal, which gives its reason.
          ...(action === 'refuse'
            ? {
                body: Type.Object({ reason: Type.Optional(Note) }, { additionalProperties: false }),
              }
            : {}),
          response: { 200: RequestSchema },
        },
      },
      async (request) => {
        const moved = await inTenant(request, async (tx) => {
          const change = await moveRequest(tx, request.params.id, action, {
            by: actorId(request),
            reason: (request.body as { reason?: string } | undefined)?.reason,
          });
          await audited(tx, request, action, change);
          if (
            action === 'start' &&
            ERASURE_KINDS.includes(change.after.kind) &&
            change.after.userId
          ) {
            // Starting an erasure is doing it: the member is erased in this same transaction,
            // and the request closes with the proof (the erasure's id) in the audit log.
            // A member erased already (by an earlier request) is not erased twice: the
            // request closes with that erasure as its proof.
            const earlier = await erasureOf(tx, change.after.userId);
            const erased = earlier
              ? { erasureId: earlier, eventId: null }
              : await eraseMember(tx, change.after.userId, auditOrigin(request), change.after.id);
            const closed = await completeErasureRequest(tx, change.after.id, actorId(request));
            await audited(tx, request, 'complete', closed, { erasureId: erased.erasureId });
            return { request: closed.after, told: false, eventId: erased.eventId };
          }
          const told =
            action === 'acknowledge' &&
            (await tellMember(tx, request, change.after, 'acknowledged'));
          return { request: change.after, told, eventId: null };
        });
        if (moved.told) {
          mail.written(request.guild.tenant.id);
        }
        if (moved.eventId !== null) {
          outbound.afterCommit(request.guild.tenant.id, moved.eventId);
        }
        return presentRequest(moved.request);
      },
    );
  }

  app.post(
    `${BASE}/requests/:id/verify-identity`,
    {
      config: { access: 'privacy:requests' },
      schema: {
        tags,
        summary: "Record how the member's identity was checked",
        params: IdParams,
        body: Type.Object(
          { method: StringEnum(IDENTITY_METHODS.filter((m) => m !== 'signed_in_session')) },
          { additionalProperties: false },
        ),
        response: { 200: RequestSchema },
      },
    },
    async (request) => {
      const verified = await inTenant(request, async (tx) => {
        const change = await verifyIdentity(tx, request.params.id, {
          method: request.body.method,
          by: actorId(request),
        });
        await audited(tx, request, 'verify_identity', change);
        return change.after;
      });
      return presentRequest(verified);
    },
  );

  app.post(
    `${BASE}/requests/:id/extend`,
    {
      config: { access: 'privacy:requests' },
      schema: {
        tags,
        summary: 'Extend the deadline once, with the notice sent to the member',
        params: IdParams,
        body: Type.Object(
          { reason: Note, noticeSentAt: Type.Optional(DateTime) },
          { additionalProperties: false },
        ),
        response: { 200: RequestSchema },
      },
    },
    async (request) => {
      const noticeAt = request.body.noticeSentAt ? new Date(request.body.noticeSentAt) : new Date();
      if (noticeAt.getTime() > Date.now() + 60_000) {
        throw fail.validation('The notice cannot be sent in the future.', {
          field: 'noticeSentAt',
        });
      }
      const extended = await inTenant(request, async (tx) => {
        const change = await extendRequest(tx, request.params.id, {
          noticeAt,
          reason: request.body?.reason,
        });
        await audited(tx, request, 'extend', change, { noticeAt: noticeAt.toISOString() });
        // a notice sent outside Guild (noticeSentAt) is not sent again
        const told =
          request.body.noticeSentAt === undefined &&
          (await tellMember(tx, request, change.after, 'extended'));
        return { request: change.after, told };
      });
      if (extended.told) {
        mail.written(request.guild.tenant.id);
      }
      return presentRequest(extended.request);
    },
  );

  app.post(
    `${BASE}/requests/:id/export`,
    {
      config: { access: 'privacy:requests' },
      schema: {
        tags,
        summary: "Prepare the member's archive for an access or portability request",
        params: IdParams,
        response: { 201: ExportSchema },
      },
    },
    async (request, reply) => {
      const prepared = await inTenant(request, async (tx, tenantId) => {
        const stored = await prepareExport(tx, tenantId, await getRequest(tx, request.params.id));
        await recordAudit(tx, request, {
          action: 'privacy_export.prepare',
          targetType: 'privacy_export',
          targetId: stored.id,
          details: { request: stored.requestId, subject: stored.userId },
        });
        return stored;
      });
      return reply.code(201).send(presentExport(prepared));
    },
  );

  app.get(
    `${BASE}/exports/:id`,
    {
      config: { access: 'privacy:requests' },
      schema: {
        tags,
        summary: "An archive's manifest",
        params: IdParams,
        response: { 200: ExportSchema },
      },
    },
    async (request) =>
      presentExport(await inTenant(request, (tx) => getExport(tx, request.params.id))),
  );

  app.get(
    `${BASE}/exports/:id/download`,
    {
      config: { access: 'privacy:requests' },
      schema: { tags, summary: "Download a member's archive (a zip)", params: IdParams },
    },
    async (request, reply) => sendArchive(request, reply, request.params.id, null),
  );

  app.get(
    `${BASE}/request-settings`,
    {
      config: { access: 'privacy:requests' },
      schema: {
        tags,
        summary: 'The regime of members whose region names neither GDPR nor CCPA',
        response: { 200: SettingsSchema },
      },
    },
    async (request) => inTenant(request, (tx) => requestSettings(tx)),
  );

  app.put(
    `${BASE}/request-settings`,
    {
      config: { access: 'privacy:requests' },
      schema: {
        tags,
        summary: 'Set the regime of members whose region names neither law',
        body: Type.Object({ defaultRegime: Regime }, { additionalProperties: false }),
        response: { 200: SettingsSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx, tenantId) => {
        const settings = await setRequestSettings(tx, tenantId, {
          defaultRegime: request.body.defaultRegime,
          updatedBy: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'privacy_request.settings',
          targetType: 'privacy_request_settings',
          targetId: tenantId,
          details: { ...settings },
        });
        return settings;
      }),
  );
}
