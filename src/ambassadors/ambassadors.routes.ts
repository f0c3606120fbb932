/**
 * The ambassador API under /api/v1/ambassadors. Managers (`ambassadors:manage`): programs,
 * scoring runs, candidates with their reasons, the pipeline and its moves, score reviews.
 * Members: their own scores ("why this score?"), asking for a human review, opting out,
 * applying, and answering or leaving their own place. docs/AMBASSADORS.md.
 */
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../core/audit/audit.js';
import type { Database, Orm } from '../core/db/database.js';
import { GuildError, fail } from '../core/errors/errors.js';
import { PageOf, PageQuery } from '../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../core/http/schemas.js';
import type { GuildServer } from '../core/http/server.js';
import type { JobRunner } from '../core/jobs/jobs.js';
import {
  explainScore,
  isOptedOut,
  listCandidates,
  listReviews,
  requestReview,
  resolveReview,
  setOptOut,
  type CandidateRow,
  type ScoreExplanation,
  type ScoreReview,
} from './candidates.service.js';
import {
  applyToProgram,
  getAmbassador,
  identify,
  listPipeline,
  move,
  placesOf,
  stateCounts,
  transitionsOf,
  type Ambassador,
  type Transition,
} from './pipeline.service.js';
import {
  createProgram,
  getProgram,
  listPrograms,
  updateProgram,
  type Program,
  type ProgramInput,
} from './programs.service.js';
import { EXCLUSIONS } from './scoring/exclusions.js';
import { FEATURES } from './scoring/features.js';
import {
  getRun,
  listRuns,
  openRun,
  type AmbassadorScoringTask,
  type ScoreRun,
} from './scoring/runs.js';
import { ACTOR_KINDS, STATES } from './workflow.js';

const BASE = '/api/v1/ambassadors';
const tags = ['ambassadors'];
const manage = 'ambassadors:manage' as const;
const DateTime = Type.String({ format: 'date-time' });
const StateSchema = StringEnum(STATES);

const WeightsSchema = Type.Object(
  Object.fromEntries(FEATURES.map((f) => [f, Type.Number({ minimum: 0, maximum: 100 })])),
);
const PartialWeights = Type.Partial(WeightsSchema, { additionalProperties: false });

const ProgramSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  regionCode: Nullable(Type.String()),
  segmentKey: Nullable(Type.String()),
  weights: WeightsSchema,
  minAge: Type.Integer(),
  workloadCap: Type.Integer(),
  inviteDailyLimit: Type.Integer(),
  reinviteAfterDays: Type.Integer(),
  invitationValidDays: Type.Integer(),
  strikeWindowDays: Type.Integer(),
  rescoreEveryHours: Type.Integer(),
  acceptsApplications: Type.Boolean(),
  status: StringEnum(['active', 'archived']),
  createdAt: DateTime,
  updatedAt: DateTime,
});
const ProgramFields = {
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  regionCode: Type.Optional(Nullable(Type.String({ maxLength: 8 }))),
  segmentKey: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  weights: Type.Optional(PartialWeights),
  minAge: Type.Optional(Type.Integer({ minimum: 13, maximum: 99 })),
  workloadCap: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  inviteDailyLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  reinviteAfterDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
  invitationValidDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  strikeWindowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
  rescoreEveryHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 8760 })),
  acceptsApplications: Type.Optional(Type.Boolean()),
};
const CreateProgram = Type.Object(
  { name: Type.String({ minLength: 2, maxLength: 80 }), ...ProgramFields },
  { additionalProperties: false },
);
const UpdateProgram = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 80 })),
    ...ProgramFields,
    status: Type.Optional(StringEnum(['active', 'archived'])),
  },
  { additionalProperties: false },
);

const RunSchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  trigger: StringEnum(['schedule', 'manual']),
  asOf: DateTime,
  status: StringEnum(['queued', 'running', 'done', 'failed']),
  membersTotal: Nullable(Type.Integer()),
  membersDone: Type.Integer(),
  scored: Type.Integer(),
  excluded: Type.Integer(),
  notConsented: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: DateTime,
  startedAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
});

const ReasonSchema = Type.Object({
  feature: StringEnum(FEATURES),
  kind: StringEnum(['strength', 'limit']),
  text: Type.String(),
});
const CandidateSchema = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  regionCode: Nullable(Type.String()),
  score: Nullable(Type.Number()),
  reasons: Type.Array(ReasonSchema),
  exclusions: Type.Array(StringEnum(EXCLUSIONS)),
  exclusionTexts: Type.Array(Type.String()),
  state: Nullable(StateSchema),
  asOf: DateTime,
  computedAt: DateTime,
});
const ReviewLink = Type.Object({
  id: Type.String(),
  status: StringEnum(['open', 'resolved']),
  outcome: Nullable(Type.String()),
  response: Nullable(Type.String()),
});
const ExplanationSchema = Type.Object({
  ...CandidateSchema.properties,
  programId: Type.String(),
  programName: Type.String(),
  features: Type.Array(
    Type.Object({
      feature: StringEnum(FEATURES),
      label: Type.String(),
      value: Nullable(Type.Number()),
      weight: Type.Number(),
      weightBand: StringEnum(['low', 'medium', 'high']),
      points: Type.Number(),
    }),
  ),
  contest: Type.String(),
  review: Nullable(ReviewLink),
});

const AmbassadorSchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  state: StateSchema,
  source: StringEnum(['scoring', 'application', 'manual']),
  scoreAtIdentification: Nullable(Type.Number()),
  applicationMessage: Nullable(Type.String()),
  invitedAt: Nullable(DateTime),
  invitationExpiresAt: Nullable(DateTime),
  respondedAt: Nullable(DateTime),
  activatedAt: Nullable(DateTime),
  stateChangedAt: DateTime,
  createdAt: DateTime,
});
const TransitionSchema = Type.Object({
  id: Type.Integer(),
  fromState: Nullable(StateSchema),
  toState: StateSchema,
  actorId: Nullable(Type.String()),
  actorKind: StringEnum(ACTOR_KINDS),
  reason: Nullable(Type.String()),
  at: DateTime,
});
const ReviewSchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  programName: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  message: Type.String(),
  scoreSeen: Nullable(Type.Number()),
  exclusionsSeen: Type.Array(Type.String()),
  status: StringEnum(['open', 'resolved']),
  outcome: Nullable(StringEnum(['upheld', 'changed'])),
  response: Nullable(Type.String()),
  requestedAt: DateTime,
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(DateTime),
});

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

function presentProgram(p: Program) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    regionCode: p.regionCode,
    segmentKey: p.segmentKey,
    weights: p.weights,
    minAge: p.minAge,
    workloadCap: p.workloadCap,
    inviteDailyLimit: p.inviteDailyLimit,
    reinviteAfterDays: p.reinviteAfterDays,
    invitationValidDays: p.invitationValidDays,
    strikeWindowDays: p.strikeWindowDays,
    rescoreEveryHours: p.rescoreEveryHours,
    acceptsApplications: p.acceptsApplications,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
const presentRun = (r: ScoreRun) => ({
  ...r,
  asOf: r.asOf.toISOString(),
  createdAt: r.createdAt.toISOString(),
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
});
const presentCandidate = (c: CandidateRow) => ({
  ...c,
  asOf: c.asOf.toISOString(),
  computedAt: c.computedAt.toISOString(),
});
const presentExplanation = (e: ScoreExplanation) => ({ ...e, ...presentCandidate(e) });
const presentAmbassador = (a: Ambassador) => ({
  ...a,
  invitedAt: iso(a.invitedAt),
  invitationExpiresAt: iso(a.invitationExpiresAt),
  respondedAt: iso(a.respondedAt),
  activatedAt: iso(a.activatedAt),
  stateChangedAt: a.stateChangedAt.toISOString(),
  createdAt: a.createdAt.toISOString(),
});
const presentTransition = (t: Transition) => ({ ...t, at: t.at.toISOString() });
const presentReview = (r: ScoreReview) => ({
  ...r,
  requestedAt: r.requestedAt.toISOString(),
  resolvedAt: iso(r.resolvedAt),
});

function actorId(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

/**
 * Refuses weights naming a feature Guild does not know, or given as anything but numbers,
 * before the schema would quietly drop or convert them.
 */
function rawWeightsProblem(request: FastifyRequest): GuildError | undefined {
  const weights = (request.body as { weights?: unknown } | null)?.weights;
  if (weights === undefined || weights === null || typeof weights !== 'object') {
    return undefined;
  }
  for (const [key, value] of Object.entries(weights)) {
    if (!(FEATURES as readonly string[]).includes(key)) {
      return fail.validation(`Unknown feature "${key}"; features are: ${FEATURES.join(', ')}.`, {
        field: `weights.${key}`,
      });
    }
    if (typeof value !== 'number') {
      return fail.validation(`Weight "${key}" must be a number from 0 to 100.`, {
        field: `weights.${key}`,
      });
    }
  }
  return undefined;
}

const checkRawWeights = (
  request: FastifyRequest,
  _reply: unknown,
  done: (error?: Error) => void,
): void => {
  done(rawWeightsProblem(request));
};

function programInput(body: Static<typeof UpdateProgram>): ProgramInput {
  return { ...body, weights: body.weights };
}

export interface AmbassadorDeps {
  app: GuildServer;
  db: Database;
  jobs: JobRunner;
  scoring: AmbassadorScoringTask;
}

export function registerAmbassadorRoutes(deps: AmbassadorDeps): void {
  const { app, db } = deps;
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  // ---- programs -------------------------------------------------------------------------

  app.get(
    `${BASE}/programs`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Ambassador programs',
        querystring: Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ items: Type.Array(ProgramSchema) }) },
      },
    },
    async (request) => {
      const programs = await inTenant(request, (tx) =>
        listPrograms(tx, { includeArchived: request.query.includeArchived }),
      );
      return { items: programs.map(presentProgram) };
    },
  );

  app.post(
    `${BASE}/programs`,
    {
      config: { access: manage },
      preValidation: checkRawWeights,
      schema: {
        tags,
        summary: 'Create a program (weights not given take Guild’s defaults)',
        body: CreateProgram,
        response: { 201: ProgramSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const program = await inTenant(request, async (tx) => {
        const created = await createProgram(
          tx,
          tenantId,
          { ...programInput(request.body), name: request.body.name },
          actorId(request),
        );
        await recordAudit(tx, request, {
          action: 'ambassadors.program_create',
          targetType: 'ambassador_program',
          targetId: created.id,
          details: { name: created.name, weights: created.weights },
        });
        return created;
      });
      return reply.code(201).send(presentProgram(program));
    },
  );

  app.get(
    `${BASE}/programs/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One program, with how many members are in each state',
        params: IdParams,
        response: {
          200: Type.Object({
            ...ProgramSchema.properties,
            pipeline: Type.Record(Type.String(), Type.Integer()),
          }),
        },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => ({
        ...presentProgram(await getProgram(tx, request.params.id)),
        pipeline: await stateCounts(tx, request.params.id),
      })),
  );

  app.patch(
    `${BASE}/programs/:id`,
    {
      config: { access: manage },
      preValidation: checkRawWeights,
      schema: {
        tags,
        summary: 'Change a program’s settings or weights, or archive it',
        params: IdParams,
        body: UpdateProgram,
        response: { 200: ProgramSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await getProgram(tx, request.params.id);
        const after = await updateProgram(tx, request.params.id, programInput(request.body));
        await recordAudit(tx, request, {
          action: 'ambassadors.program_change',
          targetType: 'ambassador_program',
          targetId: after.id,
          details: { before: presentProgram(before), change: request.body },
        });
        return presentProgram(after);
      }),
  );

  // ---- scoring runs ---------------------------------------------------------------------

  app.post(
    `${BASE}/programs/:id/score-runs`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Score the program’s candidates now (a background job; follow its progress)',
        params: IdParams,
        body: Type.Optional(
          Type.Object({ asOf: Type.Optional(DateTime) }, { additionalProperties: false }),
        ),
        response: { 202: RunSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const asOf = request.body?.asOf ? new Date(request.body.asOf) : undefined;
      const run = await inTenant(request, async (tx) => {
        const opened = await openRun(tx, tenantId, {
          programId: request.params.id,
          trigger: 'manual',
          asOf,
          requestedBy: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.score_run',
          targetType: 'ambassador_program',
          targetId: request.params.id,
          details: { runId: opened.id, asOf: opened.asOf.toISOString() },
        });
        return opened;
      });
      await deps.jobs.send(deps.scoring, { tenantId, runId: run.id });
      return reply.code(202).send(presentRun(run));
    },
  );

  app.get(
    `${BASE}/programs/:id/score-runs`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'The program’s latest scoring runs, newest first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(RunSchema) }) },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        return { items: (await listRuns(tx, request.params.id)).map(presentRun) };
      }),
  );

  app.get(
    `${BASE}/score-runs/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One scoring run and its progress',
        params: IdParams,
        response: { 200: RunSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => presentRun(await getRun(tx, request.params.id))),
  );

  // ---- candidates -----------------------------------------------------------------------

  app.get(
    `${BASE}/programs/:id/candidates`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Candidates best first, each with the top reasons for the score',
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery.properties,
          regionCode: Type.Optional(Type.String({ maxLength: 8 })),
          segmentKey: Type.Optional(Type.String({ maxLength: 60 })),
          minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          includeExcluded: Type.Optional(Type.Boolean()),
          notInPipeline: Type.Optional(Type.Boolean()),
        }),
        response: { 200: PageOf(CandidateSchema) },
      },
    },
    async (request) => {
      const page = await inTenant(request, (tx) =>
        listCandidates(tx, {
          ...request.query,
          programId: request.params.id,
          limit: request.query.limit ?? 20,
        }),
      );
      return { items: page.items.map(presentCandidate), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${BASE}/programs/:id/candidates/:userId`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One candidate’s score with every input, weight and reason',
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          userId: Type.String({ format: 'uuid' }),
        }),
        response: { 200: ExplanationSchema },
      },
    },
    async (request) => {
      const explained = await inTenant(request, (tx) =>
        explainScore(tx, request.params.id, request.params.userId),
      );
      if (!explained) {
        throw fail.notFound('This member has no score in this program.');
      }
      return presentExplanation(explained);
    },
  );

  // ---- pipeline -------------------------------------------------------------------------

  app.post(
    `${BASE}/programs/:id/pipeline`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Identify candidates: put scored members into the pipeline',
        params: IdParams,
        body: Type.Object(
          {
            userIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 500 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            identified: Type.Array(AmbassadorSchema),
            skipped: Type.Array(Type.Object({ userId: Type.String(), reason: Type.String() })),
          }),
        },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const result = await identify(tx, request.guild.tenant.id, {
          programId: request.params.id,
          userIds: request.body.userIds,
          mover: { kind: 'manager', userId: actorId(request) },
        });
        if (result.identified.length > 0) {
          await recordAudit(tx, request, {
            action: 'ambassadors.identify',
            targetType: 'ambassador_program',
            targetId: request.params.id,
            details: { userIds: result.identified.map((a) => a.userId) },
          });
        }
        return {
          identified: result.identified.map(presentAmbassador),
          skipped: result.skipped,
        };
      }),
  );

  app.get(
    `${BASE}/programs/:id/pipeline`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'The program’s pipeline, latest move first, optionally in one state',
        params: IdParams,
        querystring: Type.Object({ ...PageQuery.properties, state: Type.Optional(StateSchema) }),
        response: {
          200: Type.Object({
            ...PageOf(AmbassadorSchema).properties,
            counts: Type.Record(Type.String(), Type.Integer()),
          }),
        },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        const page = await listPipeline(tx, request.params.id, {
          state: request.query.state,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return {
          items: page.items.map(presentAmbassador),
          nextCursor: page.nextCursor,
          counts: await stateCounts(tx, request.params.id),
        };
      }),
  );

  app.get(
    `${BASE}/members/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One member’s place in a program, with every move',
        params: IdParams,
        response: {
          200: Type.Object({
            ...AmbassadorSchema.properties,
            transitions: Type.Array(TransitionSchema),
          }),
        },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => ({
        ...presentAmbassador(await getAmbassador(tx, request.params.id)),
        transitions: (await transitionsOf(tx, request.params.id)).map(presentTransition),
      })),
  );

  app.post(
    `${BASE}/members/:id/transitions`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Move a member to another state (only moves the workflow allows)',
        params: IdParams,
        body: Type.Object(
          { to: StateSchema, reason: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: AmbassadorSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await getAmbassador(tx, request.params.id);
        const after = await move(tx, request.guild.tenant.id, {
          ambassadorId: request.params.id,
          to: request.body.to,
          mover: { kind: 'manager', userId: actorId(request) },
          reason: request.body.reason,
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.transition',
          targetType: 'ambassador',
          targetId: after.id,
          details: { from: before.state, to: after.state, reason: request.body.reason ?? null },
        });
        return presentAmbassador(after);
      }),
  );

  // ---- score reviews --------------------------------------------------------------------

  app.get(
    `${BASE}/score-reviews`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Members’ requests for a human review of their score, newest first',
        querystring: Type.Object({
          status: Type.Optional(StringEnum(['open', 'resolved'])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ReviewSchema) }) },
      },
    },
    async (request) => {
      const rows = await inTenant(request, (tx) =>
        listReviews(tx, {
          status: request.query.status,
          limit: request.query.limit ?? 50,
        }),
      );
      return { items: rows.map(presentReview) };
    },
  );

  app.post(
    `${BASE}/score-reviews/:id/resolve`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Answer a review request: the score stands, or it was changed',
        params: IdParams,
        body: Type.Object(
          {
            outcome: StringEnum(['upheld', 'changed']),
            response: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReviewSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const review = await resolveReview(tx, {
          id: request.params.id,
          outcome: request.body.outcome,
          response: request.body.response,
          resolvedBy: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.score_review_resolve',
          targetType: 'ambassador_score_review',
          targetId: review.id,
          details: { outcome: review.outcome },
        });
        return presentReview(review);
      }),
  );

  // ---- the member's own side ------------------------------------------------------------

  app.get(
    `${BASE}/me`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Your places in programs, your scores with why, and programs open to apply',
        response: {
          200: Type.Object({
            optedOut: Type.Boolean(),
            places: Type.Array(AmbassadorSchema),
            scores: Type.Array(ExplanationSchema),
            openPrograms: Type.Array(
              Type.Object({ id: Type.String(), name: Type.String(), description: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const userId = actorId(request);
      return inTenant(request, async (tx) => {
        const programs = await listPrograms(tx);
        const scores: ScoreExplanation[] = [];
        for (const program of programs) {
          const explained = await explainScore(tx, program.id, userId);
          if (explained) {
            scores.push(explained);
          }
        }
        const places = await placesOf(tx, userId);
        return {
          optedOut: await isOptedOut(tx, userId),
          places: places.map(presentAmbassador),
          scores: scores.map(presentExplanation),
          openPrograms: programs
            .filter((p) => p.acceptsApplications && !places.some((a) => a.programId === p.id))
            .map((p) => ({ id: p.id, name: p.name, description: p.description })),
        };
      });
    },
  );

  app.put(
    `${BASE}/me/opt-out`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Ask never to be considered for ambassador programs (or undo it)',
        body: Type.Object({ optedOut: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Type.Object({ optedOut: Type.Boolean() }) },
      },
    },
    async (request) => {
      const userId = actorId(request);
      return inTenant(request, async (tx) => {
        await setOptOut(tx, request.guild.tenant.id, userId, request.body.optedOut);
        await recordAudit(tx, request, {
          action: request.body.optedOut ? 'ambassadors.opt_out' : 'ambassadors.opt_in',
          targetType: 'user',
          targetId: userId,
        });
        return { optedOut: await isOptedOut(tx, userId) };
      });
    },
  );

  app.post(
    `${BASE}/me/score-reviews`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Ask a person to review your score or exclusion in a program (PRV-09)',
        body: Type.Object(
          {
            programId: Type.String({ format: 'uuid' }),
            message: Type.String({ maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ReviewSchema },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const review = await inTenant(request, (tx) =>
        requestReview(tx, request.guild.tenant.id, { ...request.body, userId }),
      );
      return reply.code(201).send(presentReview(review));
    },
  );

  app.post(
    `${BASE}/programs/:id/applications`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Apply to join a program',
        params: IdParams,
        body: Type.Object(
          { message: Type.String({ maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 201: AmbassadorSchema },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const place = await inTenant(request, (tx) =>
        applyToProgram(tx, request.guild.tenant.id, {
          programId: request.params.id,
          userId,
          message: request.body.message,
        }),
      );
      return reply.code(201).send(presentAmbassador(place));
    },
  );

  app.post(
    `${BASE}/me/places/:id/transitions`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Accept or decline your invitation, pause, resume or leave',
        params: IdParams,
        body: Type.Object(
          { to: StateSchema, reason: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: AmbassadorSchema },
      },
    },
    async (request) => {
      const userId = actorId(request);
      return inTenant(request, async (tx) => {
        const place = await getAmbassador(tx, request.params.id);
        if (place.userId !== userId) {
          throw fail.notFound('No such ambassador.');
        }
        const after = await move(tx, request.guild.tenant.id, {
          ambassadorId: place.id,
          to: request.body.to,
          mover: { kind: 'member', userId },
          reason: request.body.reason,
        });
        await recordAudit(tx, request, {
          action: 'ambassadors.transition',
          targetType: 'ambassador',
          targetId: after.id,
          details: { from: place.state, to: after.state },
        });
        return presentAmbassador(after);
      });
    },
  );
}
