/**
 * HTTP routes for signing up, in and out, sessions, profiles, credentials, e-mail
 * verification, admin changes and API tokens.
 */
import { Nullable } from '../core/http/schemas.js';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { GuildConfig } from '../core/config/config.js';
import type { Database } from '../core/db/database.js';
import { recordAudit } from '../core/audit/audit.js';
import { checkSignUpAge } from '../privacy/age-gate.js';
import { GuildError, fail } from '../core/errors/errors.js';
import { ROLES, TOKEN_SCOPES } from '../core/http/access.js';
import { IdParams, StringEnum } from '../core/http/schemas.js';
import type { GuildServer } from '../core/http/server.js';
import type { ModerationGate } from '../moderation/gate.js';
import { listRegions } from '../tenancy/tenancy.service.js';
import {
  authenticate,
  changeAccount,
  createAccount,
  guardAdminChange,
  updateProfile,
} from './accounts.service.js';
import { loadMe, MeSchema, RegionSchema, type Me } from './accounts.presenter.js';
import {
  changeEmail,
  changePassword,
  confirmPasswordReset,
  requestPasswordReset,
} from './credentials-change.service.js';
import {
  confirmEmailVerification,
  issueEmailVerification,
  requestEmailVerification,
} from './email-verification.service.js';
import { matchMembersToCustomers } from '../integrations/identity/identity.service.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.js';
import { clearSessionCookie, setSessionCookie } from './auth.plugin.js';
import { tenantBaseUrl } from './links.js';
import { recordDailyVisit } from '../gamification/rules/daily-visit.js';
import { endSession, endSessionsOf, listSessions, startSession } from './sessions.js';
import { eq } from 'drizzle-orm';
import { users } from './accounts.table.js';

const Locale = Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const SignedIn = Type.Object({ user: MeSchema, csrfToken: Type.String() });
const tags = ['accounts'];

function actorId(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

/** Registers the account routes under /api/v1. */
/** Told when a route's transaction has written e-mail for a tenant. */
export interface MailWritten {
  written(tenantId: string): void;
}

export function registerAccountRoutes(
  app: GuildServer,
  db: Database,
  config: GuildConfig,
  mail: MailWritten,
  gate: ModerationGate,
) {
  const begin = async (request: FastifyRequest, userId: string) => {
    const tenantId = request.guild.tenant.id;
    return db.tenant(tenantId, async (tx) => {
      const previous = request.guild.credential;
      if (previous.kind === 'session') {
        await endSession(tx, previous.sessionId);
      }
      const session = await startSession(tx, {
        tenantId,
        userId,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        days: config.auth.sessionDays,
      });
      return { session, user: (await loadMe(tx, userId))! };
    });
  };

  app.get(
    '/api/v1/session',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The caller, their CSRF token and the tenant',
        response: {
          200: Type.Object({
            user: Type.Union([MeSchema, Type.Null()]),
            csrfToken: Type.Union([Type.String(), Type.Null()]),
            tenant: Type.Object({
              slug: Type.String(),
              name: Type.String(),
              defaultLocale: Type.String(),
            }),
            regions: Type.Array(RegionSchema),
          }),
        },
      },
    },
    async (request) => {
      const { tenant, actor, credential } = request.guild;
      return db.tenant(tenant.id, async (tx) => ({
        user: actor ? await loadMe(tx, actor.userId) : null,
        csrfToken: credential.kind === 'session' ? credential.csrfToken : null,
        tenant: { slug: tenant.slug, name: tenant.name, defaultLocale: tenant.defaultLocale },
        regions: await listRegions(tx),
      }));
    },
  );

  app.post(
    '/api/v1/auth/sign-up',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Create a member account, sign in, and e-mail a link to verify the address',
        body: Type.Object(
          {
            email: Type.String({ maxLength: 320 }),
            password: Password,
            username: Type.String({ maxLength: 60 }),
            displayName: Type.String({ minLength: 1, maxLength: 80 }),
            locale: Type.Optional(Locale),
            regionCode: Type.Optional(Type.String({ maxLength: 8 })),
            /** Asked when the community has an age gate (GET /privacy/sign-up-rules). */
            birthDate: Type.Optional(Type.String({ format: 'date' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: SignedIn },
      },
    },
    async (request, reply) => {
      const { id: tenantId, slug } = request.guild.tenant;
      const userId = await db.tenant(tenantId, async (tx) => {
        const birthDate = await checkSignUpAge(tx, request.body.birthDate);
        const id = await createAccount(tx, tenantId, {
          ...request.body,
          birthDate,
          role: 'member',
        });
        await issueEmailVerification(tx, {
          tenantId,
          userId: id,
          baseUrl: tenantBaseUrl(config, slug),
        });
        return id;
      });
      mail.written(tenantId);
      const { session, user } = await begin(request, userId);
      setSessionCookie(reply, config, session.token);
      request.log.info({ category: 'auth', event: 'sign_up', userId }, 'account created');
      return reply.code(201).send({ user, csrfToken: session.csrfToken });
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        body: Type.Object(
          { email: Type.String({ maxLength: 320 }), password: Password },
          { additionalProperties: false },
        ),
        response: { 200: SignedIn },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      let userId: string;
      try {
        userId = await authenticate(db, {
          tenantId,
          email: request.body.email,
          password: request.body.password,
          ip: request.ip,
          limits: {
            perAccount: config.auth.signInFailuresPerAccount,
            perIp: config.auth.signInFailuresPerIp,
          },
        });
      } catch (error) {
        request.log.warn(
          {
            category: 'auth',
            event: 'sign_in_failed',
            account: request.body.email,
            reason: error instanceof GuildError ? error.code : 'error',
          },
          'sign-in refused',
        );
        throw error;
      }
      const { session, user } = await begin(request, userId);
      setSessionCookie(reply, config, session.token);
      request.log.info({ category: 'auth', event: 'sign_in', userId }, 'signed in');
      await recordDailyVisit(db, tenantId, userId).catch((error: unknown) =>
        request.log.warn({ category: 'points', err: error }, 'daily visit not recorded'),
      );
      return { user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'End this session', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const credential = request.guild.credential;
      if (credential.kind === 'session') {
        await db.tenant(request.guild.tenant.id, (tx) => endSession(tx, credential.sessionId));
      }
      clearSessionCookie(reply, config);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/sessions',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: "The caller's sessions",
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                current: Type.Boolean(),
                ip: Type.Union([Type.String(), Type.Null()]),
                userAgent: Type.Union([Type.String(), Type.Null()]),
                createdAt: Type.String(),
                lastSeenAt: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const credential = request.guild.credential;
      const current = credential.kind === 'session' ? credential.sessionId : null;
      const rows = await db.tenant(request.guild.tenant.id, (tx) =>
        listSessions(tx, actorId(request)),
      );
      return {
        items: rows.map((row) => ({
          ...row,
          current: row.id === current,
          createdAt: row.createdAt.toISOString(),
          lastSeenAt: row.lastSeenAt.toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/api/v1/auth/sessions',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'Sign out every other session', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const credential = request.guild.credential;
      const keep = credential.kind === 'session' ? credential.sessionId : undefined;
      await db.tenant(request.guild.tenant.id, async (tx) => {
        await endSessionsOf(tx, actorId(request), keep);
        await recordAudit(tx, request, { action: 'sessions.revoke_others' });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/users/me',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'My own account', response: { 200: MeSchema } },
    },
    (request) =>
      db.tenant(request.guild.tenant.id, async (tx) => (await loadMe(tx, actorId(request)))!),
  );

  app.patch(
    '/api/v1/users/me',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary:
          'Change my display name, bio, locale or time zone (a name or bio the moderation gate holds waits for a moderator)',
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
            bio: Type.Optional(Type.String({ maxLength: 1000 })),
            locale: Type.Optional(Locale),
            timezone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Intersect([
            MeSchema,
            Type.Object({
              /** Set when the name or bio change waits for a moderator or was refused. */
              profileModeration: Type.Union([
                Type.Object({
                  state: StringEnum(['held', 'rejected']),
                  reasonCode: Type.Union([Type.String(), Type.Null()]),
                  message: Type.Union([Type.String(), Type.Null()]),
                  checkId: Type.String(),
                }),
                Type.Null(),
              ]),
            }),
          ]),
        },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, async (tx) => {
        const before = (await loadMe(tx, userId))!;
        const { displayName, bio, locale, timezone } = request.body;
        const shown = {
          ...(displayName !== undefined && displayName !== before.displayName
            ? { displayName }
            : {}),
          ...(bio !== undefined && bio !== before.bio ? { bio } : {}),
        };
        let profileModeration = null;
        if (Object.keys(shown).length > 0) {
          // What others will read about the member passes the same gate as their posts.
          const verdict = await gate.check(tx, tenantId, {
            itemType: 'profile',
            itemId: userId,
            authorId: userId,
            spaceId: null,
            text: [shown.displayName, shown.bio].filter(Boolean).join('\n\n'),
            summary: `Profile of ${before.username}: ${[shown.displayName, shown.bio].filter(Boolean).join(' — ')}`,
            payload: shown,
          });
          if (verdict.state !== 'published') {
            profileModeration = {
              state: verdict.state,
              reasonCode: verdict.reasonCode,
              message: verdict.message,
              checkId: verdict.checkId,
            };
          }
          await updateProfile(
            tx,
            userId,
            verdict.state === 'published' ? { ...shown, locale, timezone } : { locale, timezone },
          );
        } else {
          await updateProfile(tx, userId, { locale, timezone });
        }
        return { ...(await loadMe(tx, userId))!, profileModeration };
      });
    },
  );

  registerCredentialRoutes(app, db, config, begin, mail);
  registerAdminRoutes(app, db);
}

type Begin = (
  request: FastifyRequest,
  userId: string,
) => Promise<{ session: { token: string; csrfToken: string; sessionId: string }; user: Me }>;

function registerCredentialRoutes(
  app: GuildServer,
  db: Database,
  config: GuildConfig,
  begin: Begin,
  mail: MailWritten,
) {
  app.post(
    '/api/v1/auth/password-reset',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'E-mail a reset link (answers the same whether or not the account exists)',
        body: Type.Object(
          { email: Type.String({ maxLength: 320 }) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ accepted: Type.Boolean() }) },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      await db.tenant(tenantId, (tx) =>
        requestPasswordReset(tx, {
          tenantId,
          email: request.body.email,
          baseUrl: tenantBaseUrl(config, request.guild.tenant.slug),
        }),
      );
      mail.written(tenantId);
      return reply.code(202).send({ accepted: true });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      // Few tries per address: guessing a link must not pay off (SECURITY.md S03).
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '15 minutes' } },
      schema: {
        tags,
        summary: 'Choose a new password with a reset link, and sign in',
        body: Type.Object(
          {
            token: Type.String({ maxLength: 200 }),
            password: Password,
            signOutOtherSessions: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            user: MeSchema,
            csrfToken: Type.String(),
            otherSessions: Type.Integer(),
          }),
        },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const userId = await db.tenant(tenantId, (tx) => confirmPasswordReset(tx, request.body));
      const { session, user } = await begin(request, userId);
      const otherSessions = await db.tenant(tenantId, async (tx) => {
        if (request.body.signOutOtherSessions === true) {
          await endSessionsOf(tx, userId, session.sessionId);
        }
        await recordAudit(tx, request, {
          action: 'password.reset',
          targetType: 'user',
          targetId: userId,
        });
        return (await listSessions(tx, userId)).length - 1;
      });
      setSessionCookie(reply, config, session.token);
      return { user, csrfToken: session.csrfToken, otherSessions };
    },
  );

  app.post(
    '/api/v1/users/me/password',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Change my password (needs the current one)',
        body: Type.Object(
          {
            currentPassword: Password,
            newPassword: Password,
            signOutOtherSessions: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const credential = request.guild.credential;
      await db.tenant(request.guild.tenant.id, async (tx) => {
        await changePassword(tx, userId, request.body);
        if (request.body.signOutOtherSessions !== false) {
          const keep = credential.kind === 'session' ? credential.sessionId : undefined;
          await endSessionsOf(tx, userId, keep);
        }
        await recordAudit(tx, request, {
          action: 'password.change',
          targetType: 'user',
          targetId: userId,
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/me/email',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Change my e-mail address (needs the current password)',
        body: Type.Object(
          { email: Type.String({ maxLength: 320 }), currentPassword: Password },
          { additionalProperties: false },
        ),
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const tenantId = request.guild.tenant.id;
      const me = await db.tenant(tenantId, async (tx) => {
        await changeEmail(tx, {
          tenantId,
          userId,
          ...request.body,
          baseUrl: tenantBaseUrl(config, request.guild.tenant.slug),
        });
        await recordAudit(tx, request, {
          action: 'email.change',
          targetType: 'user',
          targetId: userId,
        });
        return (await loadMe(tx, userId))!;
      });
      mail.written(tenantId);
      return me;
    },
  );

  app.post(
    '/api/v1/auth/email-verification/confirm',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Verify an e-mail address with the token from an e-mailed link',
        body: Type.Object(
          { token: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ verified: Type.Boolean() }) },
      },
    },
    async (request) => {
      await db.tenant(request.guild.tenant.id, async (tx) => {
        const userId = await confirmEmailVerification(tx, request.body.token);
        await recordAudit(tx, request, {
          action: 'email.verify',
          targetType: 'user',
          targetId: userId,
        });
        // A verified address may now join the member to the retailer's customer record;
        // partners hear of it from the outbox within the sweeper's round.
        await matchMembersToCustomers(tx, request.guild.tenant.id, { userId });
      });
      return { verified: true };
    },
  );

  app.post(
    '/api/v1/users/me/email/verification',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'E-mail me a new link to verify my address (refused once it is verified)',
        response: { 202: Type.Object({ accepted: Type.Boolean() }) },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const { id: tenantId, slug } = request.guild.tenant;
      await db.tenant(tenantId, (tx) =>
        requestEmailVerification(tx, { tenantId, userId, baseUrl: tenantBaseUrl(config, slug) }),
      );
      mail.written(tenantId);
      return reply.code(202).send({ accepted: true });
    },
  );
}

function registerAdminRoutes(app: GuildServer, db: Database) {
  const adminTags = ['admin'];
  const RoleSchema = StringEnum(ROLES);

  app.post(
    '/api/v1/admin/users',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: adminTags,
        summary: 'Create an account with any role',
        body: Type.Object(
          {
            email: Type.String({ maxLength: 320 }),
            username: Type.String({ maxLength: 60 }),
            displayName: Type.String({ minLength: 1, maxLength: 80 }),
            password: Password,
            role: RoleSchema,
            locale: Type.Optional(Locale),
            regionCode: Type.Optional(Type.String({ maxLength: 8 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: MeSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const me = await db.tenant(tenantId, async (tx) => {
        const id = await createAccount(tx, tenantId, request.body);
        await recordAudit(tx, request, {
          action: 'users.create',
          targetType: 'user',
          targetId: id,
          details: { role: request.body.role },
        });
        return (await loadMe(tx, id))!;
      });
      return reply.code(201).send(me);
    },
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: adminTags,
        summary: "Change an account's role or status (suspending ends its sessions)",
        params: IdParams,
        body: Type.Object(
          {
            role: Type.Optional(RoleSchema),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
            /** Facts that decide who may be asked to do what (age checks, staff exclusions). */
            birthDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
            employee: Type.Optional(Type.Boolean()),
            householdKey: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      return db.tenant(request.guild.tenant.id, async (tx) => {
        if (request.body.role !== undefined || request.body.status !== undefined) {
          await guardAdminChange(tx, { actorId: actorId(request), userId: id, ...request.body });
        }
        const [before] = await tx
          .select({
            role: users.role,
            status: users.status,
            employee: users.employee,
            birthDate: users.birthDate,
            householdKey: users.householdKey,
          })
          .from(users)
          .where(eq(users.id, id));
        if (!before || !(await changeAccount(tx, id, request.body))) {
          throw fail.notFound();
        }
        if (request.body.status === 'suspended') {
          await endSessionsOf(tx, id);
        }
        const { birthDate, householdKey, ...plain } = request.body;
        const hasPersonal = birthDate !== undefined || householdKey !== undefined;
        await recordAudit(tx, request, {
          action: 'users.change',
          targetType: 'user',
          targetId: id,
          details: { changed: Object.keys(request.body) },
          before: { role: before.role, status: before.status, employee: before.employee },
          after: plain,
          // A date of birth and a household are personal: kept where erasure can blank them,
          // with what they were before.
          ...(hasPersonal
            ? {
                personal: {
                  before: { birthDate: before.birthDate, householdKey: before.householdKey },
                  after: { birthDate, householdKey },
                },
              }
            : {}),
        });
        return (await loadMe(tx, id))!;
      });
    },
  );

  const TokenSchema = Type.Object({
    id: Type.String(),
    name: Type.String(),
    scopes: Type.Array(Type.String()),
    createdAt: Type.String(),
    lastUsedAt: Type.Union([Type.String(), Type.Null()]),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
  });

  app.get(
    '/api/v1/api-tokens',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: adminTags,
        summary: 'API tokens (without secrets)',
        response: { 200: Type.Object({ items: Type.Array(TokenSchema) }) },
      },
    },
    async (request) => {
      const rows = await db.tenant(request.guild.tenant.id, (tx) => listApiTokens(tx));
      return {
        items: rows.map((row) => ({
          ...row,
          createdAt: row.createdAt.toISOString(),
          lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
          revokedAt: row.revokedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/v1/api-tokens',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: adminTags,
        summary: 'Create an API token; its secret is shown only in this answer',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 80 }),
            scopes: Type.Array(StringEnum(TOKEN_SCOPES), { minItems: 1, uniqueItems: true }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            name: Type.String(),
            scopes: Type.Array(Type.String()),
            createdAt: Type.String(),
            token: Type.String(),
          }),
        },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const created = await db.tenant(tenantId, async (tx) => {
        const token = await createApiToken(tx, {
          tenantId,
          createdBy: actorId(request),
          name: request.body.name,
          scopes: request.body.scopes,
        });
        await recordAudit(tx, request, {
          action: 'api_tokens.create',
          targetType: 'api_token',
          targetId: token.id,
          details: { scopes: token.scopes },
        });
        return token;
      });
      return reply.code(201).send({ ...created, createdAt: created.createdAt.toISOString() });
    },
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: adminTags,
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await db.tenant(request.guild.tenant.id, async (tx) => {
        if (!(await revokeApiToken(tx, request.params.id))) {
          throw fail.notFound();
        }
        await recordAudit(tx, request, {
          action: 'api_tokens.revoke',
          targetType: 'api_token',
          targetId: request.params.id,
        });
      });
      return reply.code(204).send(null);
    },
  );
}
