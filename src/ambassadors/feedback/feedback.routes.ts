/**
 * Surveys and the iteration log under /api/v1/ambassadors. Managers (`ambassadors:manage`)
 * write, open and close surveys, read their results and keep the log; members answer the
 * surveys they were invited to.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database, Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { addIteration, listIterations, type Iteration } from './iterations.service.js';
import { MAX_EXTRA_QUESTIONS, QUESTION_KINDS } from './questions.js';
import { SENTIMENT_LABELS } from './sentiment.js';
import {
  closeSurvey,
  createSurvey,
  getSurvey,
  listSurveys,
  openSurvey,
  respond,
  resultsOf,
  surveysFor,
  updateSurvey,
  SURVEY_STATUSES,
  type MemberSurvey,
  type Survey,
  type SurveySummary,
} from './surveys.service.js';

const BASE = '/api/v1/ambassadors';
const tags = ['ambassadors'];
const manage = 'ambassadors:manage' as const;
const DateTime = Type.String({ format: 'date-time' });

const QuestionSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(QUESTION_KINDS),
  prompt: Type.String(),
  options: Type.Array(Type.String()),
  required: Type.Boolean(),
});
const QuestionInputSchema = Type.Object(
  {
    kind: StringEnum(['scale', 'choice', 'text'] as const),
    prompt: Type.String({ minLength: 1, maxLength: 300 }),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 12 })),
    required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const SurveyFields = {
  intro: Type.Optional(Type.String({ maxLength: 2000 })),
  anonymous: Type.Optional(Type.Boolean()),
  npsPrompt: Type.Optional(Type.String({ maxLength: 300 })),
  questions: Type.Optional(Type.Array(QuestionInputSchema, { maxItems: MAX_EXTRA_QUESTIONS })),
};
const SurveySchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  title: Type.String(),
  intro: Type.String(),
  anonymous: Type.Boolean(),
  questions: Type.Array(QuestionSchema),
  status: StringEnum(SURVEY_STATUSES),
  createdAt: DateTime,
  updatedAt: DateTime,
  openedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
});
const NpsSchema = Type.Object({
  score: Nullable(Type.Number()),
  answers: Type.Integer(),
  promoters: Type.Integer(),
  passives: Type.Integer(),
  detractors: Type.Integer(),
});
const SurveySummarySchema = Type.Object({
  ...SurveySchema.properties,
  invited: Type.Integer(),
  responded: Type.Integer(),
  responseRate: Nullable(Type.Number()),
  nps: NpsSchema,
});
const AuthorSchema = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
});
const Shares = Type.Object({
  positive: Type.Number(),
  neutral: Type.Number(),
  negative: Type.Number(),
});
const GroupFields = {
  invited: Type.Integer(),
  responded: Type.Integer(),
  responseRate: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
  nps: Nullable(NpsSchema),
  questions: Type.Array(
    Type.Object({
      questionId: Type.String(),
      kind: StringEnum(QUESTION_KINDS),
      prompt: Type.String(),
      answers: Type.Integer(),
      average: Nullable(Type.Number()),
      distribution: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() })),
      sentiment: Nullable(
        Type.Object({
          positive: Type.Integer(),
          neutral: Type.Integer(),
          negative: Type.Integer(),
          shares: Shares,
        }),
      ),
      examples: Type.Array(
        Type.Object({
          text: Type.String(),
          label: StringEnum(SENTIMENT_LABELS),
          score: Type.Number(),
          author: Nullable(AuthorSchema),
        }),
      ),
    }),
  ),
};
const ResultsSchema = Type.Object({
  survey: SurveySchema,
  total: Type.Object(GroupFields),
  regions: Type.Array(Type.Object({ regionCode: Nullable(Type.String()), ...GroupFields })),
});
const MemberSurveySchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  programName: Type.String(),
  title: Type.String(),
  intro: Type.String(),
  anonymous: Type.Boolean(),
  questions: Type.Array(QuestionSchema),
  status: StringEnum(SURVEY_STATUSES),
  responded: Type.Boolean(),
  openedAt: Nullable(DateTime),
});
const SentimentSchema = Type.Object({
  label: StringEnum(SENTIMENT_LABELS),
  score: Type.Number(),
  comparative: Type.Number(),
});
const IterationSchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  title: Type.String(),
  change: Type.String(),
  surveyIds: Type.Array(Type.String()),
  on: Type.String({ format: 'date' }),
  author: Nullable(AuthorSchema),
  createdAt: DateTime,
});

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const presentSurvey = (s: Survey) => ({
  id: s.id,
  programId: s.programId,
  title: s.title,
  intro: s.intro,
  anonymous: s.anonymous,
  questions: s.questions,
  status: s.status,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
  openedAt: iso(s.openedAt),
  closedAt: iso(s.closedAt),
});
const presentSummary = (s: SurveySummary) => ({
  ...presentSurvey(s),
  invited: s.invited,
  responded: s.responded,
  responseRate: s.responseRate,
  nps: s.nps,
});
const presentMemberSurvey = (s: MemberSurvey) => ({ ...s, openedAt: iso(s.openedAt) });
const presentIteration = (i: Iteration) => ({ ...i, createdAt: i.createdAt.toISOString() });

function actorId(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

export interface FeedbackRouteDeps {
  app: GuildServer;
  db: Database;
  mail: MailWritten;
}

export function registerFeedbackRoutes(deps: FeedbackRouteDeps): void {
  const { app, db } = deps;
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  // ---- surveys (managers) ---------------------------------------------------------------

  app.post(
    `${BASE}/programs/:id/surveys`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Write a survey (a draft): an NPS question and up to ten more',
        params: IdParams,
        body: Type.Object(
          { title: Type.String({ minLength: 2, maxLength: 120 }), ...SurveyFields },
          { additionalProperties: false },
        ),
        response: { 201: SurveySchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const survey = await inTenant(request, async (tx) => {
        const created = await createSurvey(
          tx,
          tenantId,
          request.params.id,
          request.body,
          actorId(request),
        );
        await recordAudit(tx, request, {
          action: 'ambassadors.survey_create',
          targetType: 'ambassador_survey',
          targetId: created.id,
          details: { programId: created.programId, title: created.title },
        });
        return created;
      });
      return reply.code(201).send(presentSurvey(survey));
    },
  );

  app.get(
    `${BASE}/programs/:id/surveys`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'The program’s surveys, newest first, each with its response rate and NPS',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(SurveySummarySchema) }) },
      },
    },
    async (request) => {
      const items = await inTenant(request, (tx) => listSurveys(tx, request.params.id));
      return { items: items.map(presentSummary) };
    },
  );

  app.get(
    `${BASE}/surveys/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One survey with its questions',
        params: IdParams,
        response: { 200: SurveySchema },
      },
    },
    async (request) =>
      presentSurvey(await inTenant(request, (tx) => getSurvey(tx, request.params.id))),
  );

  app.patch(
    `${BASE}/surveys/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Change a draft survey (its questions are fixed once it opens)',
        params: IdParams,
        body: Type.Object(
          { title: Type.Optional(Type.String({ minLength: 2, maxLength: 120 })), ...SurveyFields },
          { additionalProperties: false },
        ),
        response: { 200: SurveySchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const updated = await updateSurvey(tx, request.params.id, request.body);
        await recordAudit(tx, request, {
          action: 'ambassadors.survey_change',
          targetType: 'ambassador_survey',
          targetId: updated.id,
          details: { change: request.body },
        });
        return presentSurvey(updated);
      }),
  );

  app.post(
    `${BASE}/surveys/:id/open`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Open a draft: invites the program’s active and paused ambassadors',
        params: IdParams,
        response: {
          200: Type.Object({
            survey: SurveySchema,
            invited: Type.Integer(),
            emailed: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      const opened = await inTenant(request, async (tx) => {
        const result = await openSurvey(tx, tenantId, request.params.id, actorId(request));
        await recordAudit(tx, request, {
          action: 'ambassadors.survey_open',
          targetType: 'ambassador_survey',
          targetId: result.survey.id,
          details: { invited: result.invited, emailed: result.emailed },
        });
        return result;
      });
      if (opened.emailed > 0) {
        deps.mail.written(tenantId);
      }
      return {
        survey: presentSurvey(opened.survey),
        invited: opened.invited,
        emailed: opened.emailed,
      };
    },
  );

  app.post(
    `${BASE}/surveys/:id/close`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Close an open survey: it takes no more answers',
        params: IdParams,
        response: { 200: SurveySchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const closed = await closeSurvey(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'ambassadors.survey_close',
          targetType: 'ambassador_survey',
          targetId: closed.id,
        });
        return presentSurvey(closed);
      }),
  );

  app.get(
    `${BASE}/surveys/:id/results`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary:
          'Response rate, NPS, answers per question and free-text sentiment, in total and by region',
        params: IdParams,
        response: { 200: ResultsSchema },
      },
    },
    async (request) => {
      const { survey, results } = await inTenant(request, (tx) => resultsOf(tx, request.params.id));
      return { survey: presentSurvey(survey), ...results };
    },
  );

  // ---- surveys (members) ----------------------------------------------------------------

  app.get(
    `${BASE}/me/surveys`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Open surveys you were invited to, and whether you answered',
        response: { 200: Type.Object({ items: Type.Array(MemberSurveySchema) }) },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const items = await inTenant(request, (tx) => surveysFor(tx, userId));
      return { items: items.map(presentMemberSurvey) };
    },
  );

  app.post(
    `${BASE}/me/surveys/:id/responses`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Answer a survey (once, while it is open)',
        params: IdParams,
        body: Type.Object(
          {
            answers: Type.Record(
              Type.String({ maxLength: 10 }),
              Type.Union([Type.Number(), Type.String({ maxLength: 4000 })]),
              { maxProperties: 11 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            surveyId: Type.String(),
            anonymous: Type.Boolean(),
            answers: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
            sentiments: Type.Record(Type.String(), SentimentSchema),
          }),
        },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const receipt = await inTenant(request, (tx) =>
        respond(tx, request.guild.tenant.id, {
          surveyId: request.params.id,
          userId,
          answers: request.body.answers,
        }),
      );
      return reply.code(201).send(receipt);
    },
  );

  // ---- iteration log --------------------------------------------------------------------

  app.get(
    `${BASE}/programs/:id/iterations`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'The program’s iteration log, newest first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(IterationSchema) }) },
      },
    },
    async (request) => {
      const items = await inTenant(request, (tx) => listIterations(tx, request.params.id));
      return { items: items.map(presentIteration) };
    },
  );

  app.post(
    `${BASE}/programs/:id/iterations`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Log a change to the program, optionally with the surveys behind it',
        params: IdParams,
        body: Type.Object(
          {
            title: Type.String({ minLength: 2, maxLength: 120 }),
            change: Type.String({ minLength: 1, maxLength: 5000 }),
            surveyIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20 })),
            on: Type.Optional(Type.String({ format: 'date' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: IterationSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const entry = await inTenant(request, async (tx) => {
        const created = await addIteration(tx, tenantId, {
          programId: request.params.id,
          ...request.body,
          authorId: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.iteration_log',
          targetType: 'ambassador_program',
          targetId: created.programId,
          details: { iterationId: created.id, title: created.title, surveyIds: created.surveyIds },
        });
        return created;
      });
      return reply.code(201).send(presentIteration(entry));
    },
  );
}
