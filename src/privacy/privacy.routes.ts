/**
 * The privacy API under /api/v1/privacy: a member's consents (one toggle per purpose, each
 * granted or withdrawn in one call) and their history; for admins, the notices, any member's
 * consent record and what each category of data may be used for. docs/PRIVACY.md.
 */
import { Type } from 'typebox';
import { actorIdOf as actorId } from '../core/http/request-context.js';
import { recordAudit } from '../core/audit/audit.js';
import type { Database, Orm } from '../core/db/database.js';
import { fail } from '../core/errors/errors.js';
import { IdParams, Nullable, StringEnum } from '../core/http/schemas.js';
import type { GuildServer } from '../core/http/server.js';
import {
  CONSENT_PURPOSES,
  changeConsent,
  consentHistory,
  consentStates,
  listNotices,
  publishNotice,
  type ConsentNotice,
  type ConsentPurpose,
  type ConsentRecord,
  type ConsentState,
} from './consents.service.js';
import { honourGpc, sendsGpc } from './incentives.js';
import { DATA_CATEGORIES, DATA_USES, dataPurposes, setDataPurposes } from './data-purposes.js';

const BASE = '/api/v1/privacy';
const tags = ['privacy'];
const DateTime = Type.String({ format: 'date-time' });
const Purpose = StringEnum(CONSENT_PURPOSES);

const NoticeSchema = Type.Object({
  id: Type.String(),
  purpose: Purpose,
  version: Type.Integer(),
  body: Type.String(),
  sha256: Type.String(),
  publishedAt: DateTime,
});
const StateSchema = Type.Object({
  purpose: Purpose,
  granted: Type.Boolean(),
  grantedAt: Nullable(DateTime),
  grantedNoticeVersion: Nullable(Type.Integer()),
  noticeChanged: Type.Boolean(),
  locked: Type.Boolean(),
  notice: NoticeSchema,
});
const RecordSchema = Type.Object({
  id: Type.String(),
  purpose: Purpose,
  noticeVersion: Type.Integer(),
  noticeSha256: Type.String(),
  channel: Type.String(),
  method: Type.String(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  grantedAt: DateTime,
  withdrawnAt: Nullable(DateTime),
  withdrawalChannel: Nullable(Type.String()),
});
const CategorySchema = Type.Object({
  category: StringEnum(DATA_CATEGORIES),
  purposes: Type.Array(StringEnum(DATA_USES)),
  customised: Type.Boolean(),
  updatedAt: Nullable(DateTime),
});

const presentNotice = (n: ConsentNotice) => ({ ...n, publishedAt: n.publishedAt.toISOString() });
const presentState = (s: ConsentState) => ({
  ...s,
  grantedAt: s.grantedAt?.toISOString() ?? null,
  notice: presentNotice(s.notice),
});
const presentRecord = (r: ConsentRecord) => ({
  ...r,
  grantedAt: r.grantedAt.toISOString(),
  withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
});

/** What other domains do, in the same transaction, when a member withdraws a consent. */
export type WithdrawalHook = (tx: Orm, userId: string, purpose: ConsentPurpose) => Promise<void>;

export function registerPrivacyRoutes(
  app: GuildServer,
  db: Database,
  onWithdrawn: readonly WithdrawalHook[] = [],
): void {
  // A Global Privacy Control signal opts a signed-in member out of ad sharing at once, on
  // whatever request it comes with (PRV-11, CCPA §7025).
  app.addHook('preHandler', async (request) => {
    const actor = request.guild?.actor;
    if (!actor || !sendsGpc(request.headers)) {
      return;
    }
    const tenantId = request.guild.tenant.id;
    await db.tenant(tenantId, async (tx) => {
      if (await honourGpc(tx, actor.userId)) {
        await recordAudit(tx, request, {
          action: 'consent.withdraw',
          targetType: 'user',
          targetId: actor.userId,
          details: { purpose: 'ad_sharing', channel: 'gpc' },
        });
      }
    });
  });
  app.get(
    `${BASE}/consents`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Your consent to each purpose, with the notice each one shows',
        response: { 200: Type.Object({ items: Type.Array(StateSchema) }) },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const tenantId = request.guild.tenant.id;
      const states = await db.tenant(tenantId, (tx) => consentStates(tx, tenantId, userId));
      // With a GPC signal, ad sharing is off (the hook below withdrew it) and locked.
      const gpc = sendsGpc(request.headers);
      return {
        items: states.map((state) =>
          presentState(state.purpose === 'ad_sharing' && gpc ? { ...state, locked: true } : state),
        ),
      };
    },
  );

  app.put(
    `${BASE}/consents/:purpose`,
    {
      config: { access: 'signed_in' },
      // A consent is recorded only from a real yes or no: nothing coerced from 1 or "true".
      preValidation: (request, _reply, done) => {
        const body = request.body as { granted?: unknown } | null;
        done(
          typeof body?.granted === 'boolean'
            ? undefined
            : fail.validation('granted must be true or false (a JSON boolean).', {
                field: 'granted',
              }),
        );
      },
      schema: {
        tags,
        summary: 'Grant or withdraw one purpose (withdrawing is one call, like granting)',
        params: Type.Object({ purpose: Purpose }),
        body: Type.Object(
          {
            granted: Type.Boolean(),
            noticeVersion: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: StateSchema },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const tenantId = request.guild.tenant.id;
      const purpose = request.params.purpose;
      const viaSession = request.guild.credential.kind === 'session';
      if (purpose === 'ad_sharing' && request.body.granted && sendsGpc(request.headers)) {
        throw fail.conflict(
          'Your browser sends Global Privacy Control, an opt-out of sale and sharing: ' +
            'ad sharing stays off while it does (PRV-11).',
          { purpose, gpc: true },
        );
      }
      return db.tenant(tenantId, async (tx) => {
        const changed = await changeConsent(tx, tenantId, {
          userId,
          purpose,
          granted: request.body.granted,
          noticeVersion: request.body.noticeVersion,
          channel: viaSession ? 'web' : 'api',
          method: 'toggle',
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        if (changed && !request.body.granted) {
          for (const hook of onWithdrawn) {
            await hook(tx, userId, purpose);
          }
        }
        if (changed) {
          await recordAudit(tx, request, {
            action: request.body.granted ? 'consent.grant' : 'consent.withdraw',
            targetType: 'user',
            targetId: userId,
            details: { purpose },
          });
        }
        const states = await consentStates(tx, tenantId, userId);
        return presentState(states.find((s) => s.purpose === purpose)!);
      });
    },
  );

  app.get(
    `${BASE}/consents/history`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Every grant and withdrawal of yours, newest first',
        response: { 200: Type.Object({ items: Type.Array(RecordSchema) }) },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const rows = await db.tenant(request.guild.tenant.id, (tx) => consentHistory(tx, userId));
      return { items: rows.map(presentRecord) };
    },
  );

  app.get(
    `${BASE}/members/:id/consents`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: "A member's consents now and their whole record",
        params: IdParams,
        response: {
          200: Type.Object({
            current: Type.Array(StateSchema),
            history: Type.Array(RecordSchema),
          }),
        },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, async (tx) => {
        const current = await consentStates(tx, tenantId, request.params.id);
        const history = await consentHistory(tx, request.params.id);
        return { current: current.map(presentState), history: history.map(presentRecord) };
      });
    },
  );

  app.get(
    `${BASE}/notices`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: 'Every version of every consent notice',
        response: { 200: Type.Object({ items: Type.Array(NoticeSchema) }) },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      const notices = await db.tenant(tenantId, (tx) => listNotices(tx, tenantId));
      return { items: notices.map(presentNotice) };
    },
  );

  app.post(
    `${BASE}/notices`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: "Publish a new version of a purpose's notice",
        body: Type.Object(
          { purpose: Purpose, body: Type.String({ minLength: 1, maxLength: 4000 }) },
          { additionalProperties: false },
        ),
        response: { 201: NoticeSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const notice = await db.tenant(tenantId, async (tx) => {
        const published = await publishNotice(tx, tenantId, {
          purpose: request.body.purpose,
          body: request.body.body,
          publishedBy: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'consent.notice_publish',
          targetType: 'consent_notice',
          targetId: published.id,
          details: { purpose: published.purpose, version: published.version },
        });
        return published;
      });
      return reply.code(201).send(presentNotice(notice));
    },
  );

  app.get(
    `${BASE}/data-purposes`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: 'What each category of stored data may be used for (PRV-07)',
        response: { 200: Type.Object({ items: Type.Array(CategorySchema) }) },
      },
    },
    async (request) => {
      const rows = await db.tenant(request.guild.tenant.id, (tx) => dataPurposes(tx));
      return { items: rows.map((r) => ({ ...r, updatedAt: r.updatedAt?.toISOString() ?? null })) };
    },
  );

  app.put(
    `${BASE}/data-purposes/:category`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: 'Set what one category of data may be used for',
        params: Type.Object({ category: StringEnum(DATA_CATEGORIES) }),
        body: Type.Object(
          { purposes: Type.Array(StringEnum(DATA_USES), { maxItems: DATA_USES.length }) },
          { additionalProperties: false },
        ),
        response: { 200: CategorySchema },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, async (tx) => {
        const row = await setDataPurposes(tx, tenantId, {
          category: request.params.category,
          purposes: request.body.purposes,
          updatedBy: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'privacy.data_purposes',
          targetType: 'data_category',
          targetId: row.category,
          details: { purposes: row.purposes },
        });
        return { ...row, updatedAt: row.updatedAt?.toISOString() ?? null };
      });
    },
  );
}
