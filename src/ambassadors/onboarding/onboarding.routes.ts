/**
 * The onboarding API under /api/v1/ambassadors. Managers (`ambassadors:manage`): invitations,
 * e-mail templates per program and locale, the program's agreement, any member's checklist.
 * Members: their own checklist, signing the agreement, the disclosure quiz.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { tenantBaseUrl } from '../../accounts/links.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { GuildConfig } from '../../core/config/config.js';
import type { Database, Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { getAmbassador, type Ambassador } from '../pipeline.service.js';
import { getProgram } from '../programs.service.js';
import { STATES } from '../workflow.js';
import {
  ITEMS,
  attemptQuiz,
  checklistOf,
  currentAgreement,
  publishAgreement,
  recheck,
  signAgreement,
  type Agreement,
  type Checklist,
} from './checklist.service.js';
import { invite, type MailContext } from './invitations.service.js';
import { DISCLOSURE_QUIZ, quizForMember } from './quiz.js';
import {
  PLACEHOLDERS,
  TEMPLATE_KINDS,
  TEMPLATE_LOCALES,
  defaultTemplate,
  removeTemplate,
  saveTemplate,
  templateOverride,
} from './templates.js';

const BASE = '/api/v1/ambassadors';
const tags = ['ambassadors'];
const manage = 'ambassadors:manage' as const;
const DateTime = Type.String({ format: 'date-time' });

const PlaceSchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  state: StringEnum(STATES),
  invitedAt: Nullable(DateTime),
  invitationExpiresAt: Nullable(DateTime),
  stateChangedAt: DateTime,
});
const AgreementSchema = Type.Object({
  programId: Type.String(),
  version: Type.Integer(),
  body: Type.String(),
  sha256: Type.String(),
  publishedAt: DateTime,
});
const ChecklistSchema = Type.Object({
  place: PlaceSchema,
  complete: Type.Boolean(),
  items: Type.Array(
    Type.Object({
      key: StringEnum(ITEMS),
      done: Type.Boolean(),
      doneAt: Nullable(DateTime),
      missing: Type.Array(Type.String()),
    }),
  ),
  agreement: AgreementSchema,
  signedVersion: Nullable(Type.Integer()),
  quiz: Type.Object({
    passMark: Type.Integer(),
    attempts: Type.Integer(),
    passed: Type.Boolean(),
    questions: Type.Array(
      Type.Object({
        number: Type.Integer(),
        question: Type.String(),
        options: Type.Array(Type.String()),
      }),
    ),
  }),
});
const TemplateParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: StringEnum(TEMPLATE_KINDS),
  locale: StringEnum(TEMPLATE_LOCALES),
});
const TemplateSchema = Type.Object({
  kind: StringEnum(TEMPLATE_KINDS),
  locale: StringEnum(TEMPLATE_LOCALES),
  subject: Type.String(),
  body: Type.String(),
  overridden: Type.Boolean(),
  placeholders: Type.Array(Type.String()),
  required: Type.Array(Type.String()),
  updatedAt: Nullable(DateTime),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const presentPlace = (a: Ambassador) => ({
  id: a.id,
  programId: a.programId,
  userId: a.userId,
  username: a.username,
  displayName: a.displayName,
  state: a.state,
  invitedAt: iso(a.invitedAt),
  invitationExpiresAt: iso(a.invitationExpiresAt),
  stateChangedAt: a.stateChangedAt.toISOString(),
});
const presentAgreement = (a: Agreement) => ({
  programId: a.programId,
  version: a.version,
  body: a.body,
  sha256: a.sha256,
  publishedAt: a.publishedAt.toISOString(),
});
const presentChecklist = (c: Checklist) => ({
  place: presentPlace(c.ambassador),
  complete: c.complete,
  items: c.items.map((i) => ({ ...i, doneAt: iso(i.doneAt) })),
  agreement: presentAgreement(c.agreement),
  signedVersion: c.signedVersion,
  quiz: {
    passMark: c.quiz.passMark,
    attempts: c.quiz.attempts,
    passed: c.quiz.passed,
    questions: quizForMember(),
  },
});

function actorId(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

export interface OnboardingRouteDeps {
  app: GuildServer;
  db: Database;
  config: GuildConfig;
  mail: MailWritten;
}

export function registerOnboardingRoutes(deps: OnboardingRouteDeps): void {
  const { app, db, config } = deps;
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);
  const mailContext = (request: FastifyRequest): MailContext => ({
    tenantId: request.guild.tenant.id,
    communityName: request.guild.tenant.name,
    baseUrl: tenantBaseUrl(config, request.guild.tenant.slug),
  });
  /** The caller's own place, or 404 (another member's place is not theirs to see). */
  const ownPlace = async (tx: Orm, request: FastifyRequest, id: string) => {
    const place = await getAmbassador(tx, id);
    if (place.userId !== actorId(request)) {
      throw fail.notFound('No such ambassador.');
    }
    return place;
  };

  // ---- invitations ----------------------------------------------------------------------

  app.post(
    `${BASE}/programs/:id/invitations`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary:
          'Invite identified members (only those with marketing e-mail consent; at most the daily limit)',
        params: IdParams,
        body: Type.Object(
          {
            ambassadorIds: Type.Array(Type.String({ format: 'uuid' }), {
              minItems: 1,
              maxItems: 500,
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            invited: Type.Array(PlaceSchema),
            skipped: Type.Array(
              Type.Object({ ambassadorId: Type.String(), reason: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      const result = await inTenant(request, async (tx) => {
        const done = await invite(tx, mailContext(request), {
          programId: request.params.id,
          ambassadorIds: request.body.ambassadorIds,
          managerId: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.invite',
          targetType: 'ambassador_program',
          targetId: request.params.id,
          details: {
            invited: done.invited.map((a) => a.id),
            skipped: done.skipped,
          },
        });
        return done;
      });
      if (result.invited.length > 0) {
        deps.mail.written(tenantId);
      }
      return { invited: result.invited.map(presentPlace), skipped: result.skipped };
    },
  );

  // ---- templates ------------------------------------------------------------------------

  app.get(
    `${BASE}/programs/:id/templates/:kind/:locale`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One e-mail template of a program in one locale (the default unless overridden)',
        params: TemplateParams,
        response: { 200: TemplateSchema },
      },
    },
    async (request) => {
      const { id, kind, locale } = request.params;
      const override = await inTenant(request, async (tx) => {
        await getProgram(tx, id);
        return templateOverride(tx, id, kind, locale);
      });
      const shown = override ?? defaultTemplate(kind, locale);
      return {
        kind,
        locale,
        subject: shown.subject,
        body: shown.body,
        overridden: override !== null,
        placeholders: [...PLACEHOLDERS[kind].all],
        required: [...PLACEHOLDERS[kind].required],
        updatedAt: iso(override?.updatedAt ?? null),
      };
    },
  );

  app.put(
    `${BASE}/programs/:id/templates/:kind/:locale`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Override an e-mail template for a program and locale (Mustache placeholders)',
        params: TemplateParams,
        body: Type.Object(
          {
            subject: Type.String({ minLength: 1, maxLength: 200 }),
            body: Type.String({ minLength: 1, maxLength: 10_000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: TemplateSchema },
      },
    },
    async (request) => {
      const { id, kind, locale } = request.params;
      return inTenant(request, async (tx) => {
        await getProgram(tx, id);
        const saved = await saveTemplate(tx, request.guild.tenant.id, {
          programId: id,
          kind,
          locale,
          template: request.body,
          by: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.template_change',
          targetType: 'ambassador_program',
          targetId: id,
          details: { kind, locale, subject: saved.subject },
        });
        const stored = await templateOverride(tx, id, kind, locale);
        return {
          kind,
          locale,
          ...saved,
          overridden: true,
          placeholders: [...PLACEHOLDERS[kind].all],
          required: [...PLACEHOLDERS[kind].required],
          updatedAt: iso(stored?.updatedAt ?? null),
        };
      });
    },
  );

  app.delete(
    `${BASE}/programs/:id/templates/:kind/:locale`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Go back to Guild’s default wording for a program and locale',
        params: TemplateParams,
      },
    },
    async (request, reply) => {
      const { id, kind, locale } = request.params;
      await inTenant(request, async (tx) => {
        await getProgram(tx, id);
        if (await removeTemplate(tx, id, kind, locale)) {
          await recordAudit(tx, request, {
            action: 'ambassadors.template_reset',
            targetType: 'ambassador_program',
            targetId: id,
            details: { kind, locale },
          });
        }
      });
      return reply.code(204).send();
    },
  );

  // ---- the agreement --------------------------------------------------------------------

  app.get(
    `${BASE}/programs/:id/agreement`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'The program’s current agreement',
        params: IdParams,
        response: { 200: AgreementSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        return presentAgreement(
          await currentAgreement(tx, request.guild.tenant.id, request.params.id),
        );
      }),
  );

  app.put(
    `${BASE}/programs/:id/agreement`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Publish a new version of the program’s agreement',
        params: IdParams,
        body: Type.Object(
          { body: Type.String({ minLength: 1, maxLength: 50_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: AgreementSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        const agreement = await publishAgreement(tx, request.guild.tenant.id, {
          programId: request.params.id,
          body: request.body.body,
          by: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.agreement_publish',
          targetType: 'ambassador_program',
          targetId: request.params.id,
          details: { version: agreement.version, sha256: agreement.sha256 },
        });
        return presentAgreement(agreement);
      }),
  );

  // ---- checklists -----------------------------------------------------------------------

  app.get(
    `${BASE}/members/:id/onboarding`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Any member’s onboarding checklist',
        params: IdParams,
        response: { 200: ChecklistSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) =>
        presentChecklist(await checklistOf(tx, request.guild.tenant.id, request.params.id)),
      ),
  );

  app.get(
    `${BASE}/me/places/:id/onboarding`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Your onboarding checklist for a place, with the agreement and the quiz',
        params: IdParams,
        response: { 200: ChecklistSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const place = await ownPlace(tx, request, request.params.id);
        return presentChecklist(await checklistOf(tx, request.guild.tenant.id, place.id));
      }),
  );

  app.post(
    `${BASE}/me/places/:id/onboarding/agreement`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Sign the agreement (the version you read)',
        params: IdParams,
        body: Type.Object(
          { version: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: ChecklistSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const place = await ownPlace(tx, request, request.params.id);
        const checklist = await signAgreement(tx, request.guild.tenant.id, {
          ambassadorId: place.id,
          version: request.body.version,
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent'] ?? null,
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.agreement_sign',
          targetType: 'ambassador',
          targetId: place.id,
          details: { version: request.body.version, sha256: checklist.agreement.sha256 },
        });
        return presentChecklist(checklist);
      }),
  );

  app.post(
    `${BASE}/me/places/:id/onboarding/training`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Answer the disclosure quiz (a failed attempt says which questions were wrong)',
        params: IdParams,
        body: Type.Object(
          {
            answers: Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), {
              minItems: DISCLOSURE_QUIZ.length,
              maxItems: DISCLOSURE_QUIZ.length,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ChecklistSchema },
      },
    },
    async (request) => {
      const attempt = await inTenant(request, async (tx) => {
        const place = await ownPlace(tx, request, request.params.id);
        return attemptQuiz(tx, request.guild.tenant.id, {
          ambassadorId: place.id,
          answers: request.body.answers,
        });
      });
      // the attempt is recorded whether or not it passed
      if (!attempt.result.passed) {
        throw new GuildError(
          'quiz_not_passed',
          `${attempt.result.correct} of ${DISCLOSURE_QUIZ.length} right; ${attempt.checklist.quiz.passMark} are needed.`,
          {
            wrong: attempt.result.wrong,
            correct: attempt.result.correct,
            passMark: attempt.checklist.quiz.passMark,
          },
        );
      }
      return presentChecklist(attempt.checklist);
    },
  );

  app.post(
    `${BASE}/me/places/:id/onboarding/profile`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary:
          'Check your profile again after completing it (finishes onboarding when all is done)',
        params: IdParams,
        response: { 200: ChecklistSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const place = await ownPlace(tx, request, request.params.id);
        return presentChecklist(await recheck(tx, request.guild.tenant.id, place.id));
      }),
  );
}
