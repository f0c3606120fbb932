/**
 * The missions API under /api/v1/ambassadors. Managers (`ambassadors:manage`): a program's
 * missions, giving them to ambassadors, deciding evidence, and the program's workload with its
 * burnout signals. Ambassadors (signed in, their own data only): missions they may take, their
 * assignments, declining, sending evidence. docs/AMBASSADORS.md.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database, Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { getProgram } from '../programs.service.js';
import {
  ASSIGNMENT_STATUSES,
  DECISIONS,
  MAX_BULK,
  SUBMISSION_STATUSES,
  assignMission,
  decideSubmission,
  declineAssignment,
  listAssignments,
  myMissions,
  submissionsOf,
  submitEvidence,
  takeMission,
  type Assignment,
  type Submission,
} from './assignments.service.js';
import { EVIDENCE_KINDS, MAX_LINKS, MAX_MEDIA, MAX_TEXT } from './evidence.js';
import {
  MAX_BRIEF,
  MAX_INCENTIVE_POINTS,
  MISSION_KINDS,
  MISSION_STATUSES,
  assignmentCounts,
  createMission,
  getMission,
  listMissions,
  updateMission,
  type Mission,
  type MissionInput,
} from './missions.service.js';
import { programWorkload, type Rate, type WorkloadRow } from './workload.service.js';

const BASE = '/api/v1/ambassadors';
const tags = ['ambassadors'];
const manage = 'ambassadors:manage' as const;
const DateTime = Type.String({ format: 'date-time' });

const MissionSchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  kind: StringEnum(MISSION_KINDS),
  title: Type.String(),
  brief: Type.String(),
  incentivePoints: Type.Integer(),
  incentiveText: Nullable(Type.String()),
  dueAt: DateTime,
  evidenceRequired: Type.Array(StringEnum(EVIDENCE_KINDS)),
  markets: Type.Array(Type.String()),
  effectiveMarkets: Type.Array(Type.String()),
  status: StringEnum(MISSION_STATUSES),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  openedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
});
const MissionFields = {
  brief: Type.Optional(Type.String({ maxLength: MAX_BRIEF })),
  incentivePoints: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_INCENTIVE_POINTS })),
  incentiveText: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  evidenceRequired: Type.Optional(
    Type.Array(StringEnum(EVIDENCE_KINDS), { maxItems: 3, uniqueItems: true }),
  ),
  markets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 8 }), { maxItems: 50 })),
};
const CreateMission = Type.Object(
  {
    kind: StringEnum(MISSION_KINDS),
    title: Type.String({ minLength: 3, maxLength: 120 }),
    dueAt: DateTime,
    ...MissionFields,
    status: Type.Optional(StringEnum(['draft', 'open'])),
  },
  { additionalProperties: false },
);
const UpdateMission = Type.Object(
  {
    kind: Type.Optional(StringEnum(MISSION_KINDS)),
    title: Type.Optional(Type.String({ minLength: 3, maxLength: 120 })),
    dueAt: Type.Optional(DateTime),
    ...MissionFields,
    status: Type.Optional(StringEnum(MISSION_STATUSES)),
  },
  { additionalProperties: false },
);

const MediaSchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    kind: StringEnum(['image', 'video']),
    width: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 }))),
    height: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 }))),
    altText: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
const SubmissionSchema = Type.Object({
  id: Type.String(),
  assignmentId: Type.String(),
  version: Type.Integer(),
  text: Nullable(Type.String()),
  links: Type.Array(Type.String()),
  media: Type.Array(MediaSchema),
  status: StringEnum(SUBMISSION_STATUSES),
  submittedAt: DateTime,
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  decisionReason: Nullable(Type.String()),
  secondsToDecision: Nullable(Type.Integer()),
});
const AssignmentSchema = Type.Object({
  id: Type.String(),
  missionId: Type.String(),
  missionTitle: Type.String(),
  missionKind: StringEnum(MISSION_KINDS),
  programId: Type.String(),
  ambassadorId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  status: StringEnum(ASSIGNMENT_STATUSES),
  source: StringEnum(['manager', 'self']),
  assignedBy: Nullable(Type.String()),
  dueAt: DateTime,
  incentivePoints: Type.Integer(),
  declineReason: Nullable(Type.String()),
  assignedAt: DateTime,
  answeredAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
});
const AssignmentWithSubmissions = Type.Object({
  ...AssignmentSchema.properties,
  submissions: Type.Array(SubmissionSchema),
});
const RateSchema = Type.Object({
  assignments: Type.Integer(),
  answered: Type.Integer(),
  percent: Nullable(Type.Integer()),
});
const WorkloadSchema = Type.Object({
  ambassadorId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  state: StringEnum(['active', 'paused']),
  open: Type.Integer(),
  cap: Type.Integer(),
  loadShare: Type.Number(),
  programShare: Type.Number(),
  missed90Days: Type.Integer(),
  responseRate: Type.Object({ last30Days: RateSchema, previous60Days: RateSchema }),
  signals: Type.Array(Type.String()),
});

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

const presentMission = (m: Mission) => ({
  ...m,
  dueAt: m.dueAt.toISOString(),
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
  openedAt: iso(m.openedAt),
  closedAt: iso(m.closedAt),
});
const presentAssignment = (a: Assignment) => ({
  ...a,
  dueAt: a.dueAt.toISOString(),
  assignedAt: a.assignedAt.toISOString(),
  answeredAt: iso(a.answeredAt),
  closedAt: iso(a.closedAt),
});
const presentSubmission = (s: Submission) => ({
  ...s,
  submittedAt: s.submittedAt.toISOString(),
  decidedAt: iso(s.decidedAt),
});
const presentRate = (r: Rate) => ({
  ...r,
  percent: r.percent === null ? null : Math.round(r.percent),
});
const presentWorkload = (w: WorkloadRow) => ({
  ambassadorId: w.ambassadorId,
  userId: w.userId,
  username: w.username,
  displayName: w.displayName,
  state: w.state,
  open: w.open,
  cap: w.cap,
  loadShare: w.loadShare,
  programShare: w.programShare,
  missed90Days: w.missed90Days,
  responseRate: { last30Days: presentRate(w.recent), previous60Days: presentRate(w.before) },
  signals: w.signals,
});

function actorId(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

function missionInput(body: { dueAt?: string; [key: string]: unknown }): MissionInput {
  const { dueAt, ...rest } = body;
  return { ...(rest as MissionInput), ...(dueAt === undefined ? {} : { dueAt: new Date(dueAt) }) };
}

export interface MissionRouteDeps {
  app: GuildServer;
  db: Database;
}

export function registerMissionRoutes(deps: MissionRouteDeps): void {
  const { app, db } = deps;
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  // ---- missions (managers) --------------------------------------------------------------

  app.get(
    `${BASE}/programs/:id/missions`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'A program’s missions, newest first, optionally in one status',
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(StringEnum(MISSION_STATUSES)),
        }),
        response: { 200: PageOf(MissionSchema) },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        const page = await listMissions(tx, request.params.id, {
          status: request.query.status,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentMission), nextCursor: page.nextCursor };
      }),
  );

  app.post(
    `${BASE}/programs/:id/missions`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Write a mission (a draft unless opened at once)',
        params: IdParams,
        body: CreateMission,
        response: { 201: MissionSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const mission = await inTenant(request, async (tx) => {
        const created = await createMission(
          tx,
          tenantId,
          request.params.id,
          {
            ...missionInput(request.body),
            kind: request.body.kind,
            title: request.body.title,
            dueAt: new Date(request.body.dueAt),
          },
          actorId(request),
        );
        await recordAudit(tx, request, {
          action: 'ambassadors.mission_create',
          targetType: 'ambassador_mission',
          targetId: created.id,
          details: { programId: created.programId, kind: created.kind, status: created.status },
        });
        return created;
      });
      return reply.code(201).send(presentMission(mission));
    },
  );

  app.get(
    `${BASE}/missions/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One mission, with how many assignments are in each status',
        params: IdParams,
        response: {
          200: Type.Object({
            ...MissionSchema.properties,
            assignments: Type.Record(Type.String(), Type.Integer()),
          }),
        },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => ({
        ...presentMission(await getMission(tx, request.params.id)),
        assignments: await assignmentCounts(tx, request.params.id),
      })),
  );

  app.patch(
    `${BASE}/missions/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Change a mission, open it or close it (closed missions stay, unchanged)',
        params: IdParams,
        body: UpdateMission,
        response: { 200: MissionSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await getMission(tx, request.params.id);
        const after = await updateMission(tx, request.params.id, missionInput(request.body));
        await recordAudit(tx, request, {
          action: 'ambassadors.mission_change',
          targetType: 'ambassador_mission',
          targetId: after.id,
          details: { before: presentMission(before), change: request.body },
        });
        return presentMission(after);
      }),
  );

  // ---- assignments (managers) -----------------------------------------------------------

  app.post(
    `${BASE}/missions/:id/assignments`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: `Give an open mission to up to ${MAX_BULK} active ambassadors (others are skipped, with why)`,
        params: IdParams,
        body: Type.Object(
          {
            ambassadorIds: Type.Array(Type.String({ format: 'uuid' }), {
              minItems: 1,
              maxItems: MAX_BULK,
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            assigned: Type.Array(AssignmentSchema),
            skipped: Type.Array(
              Type.Object({
                ambassadorId: Type.String(),
                code: Type.String(),
                reason: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const result = await assignMission(tx, request.guild.tenant.id, {
          missionId: request.params.id,
          ambassadorIds: request.body.ambassadorIds,
          managerId: actorId(request),
        });
        if (result.assigned.length > 0) {
          await recordAudit(tx, request, {
            action: 'ambassadors.mission_assign',
            targetType: 'ambassador_mission',
            targetId: request.params.id,
            details: { ambassadorIds: result.assigned.map((a) => a.ambassadorId) },
          });
        }
        return { assigned: result.assigned.map(presentAssignment), skipped: result.skipped };
      }),
  );

  app.get(
    `${BASE}/missions/:id/assignments`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'A mission’s assignments, newest first, each with its evidence',
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(StringEnum(ASSIGNMENT_STATUSES)),
        }),
        response: { 200: PageOf(AssignmentWithSubmissions) },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        await getMission(tx, request.params.id);
        const page = await listAssignments(tx, request.params.id, {
          status: request.query.status,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        const submissions = await submissionsOf(
          tx,
          page.items.map((a) => a.id),
        );
        return {
          items: page.items.map((a) => ({
            ...presentAssignment(a),
            submissions: (submissions.get(a.id) ?? []).map(presentSubmission),
          })),
          nextCursor: page.nextCursor,
        };
      }),
  );

  app.post(
    `${BASE}/submissions/:id/decision`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Approve evidence (pays the incentive once), reject it, or ask for changes',
        params: IdParams,
        body: Type.Object(
          {
            decision: StringEnum(DECISIONS),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            submission: SubmissionSchema,
            assignment: AssignmentSchema,
            replayed: Type.Boolean(),
            pointsCredited: Type.Integer(),
          }),
        },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const result = await decideSubmission(tx, request.guild.tenant.id, {
          submissionId: request.params.id,
          decision: request.body.decision,
          reason: request.body.reason,
          managerId: actorId(request),
        });
        if (!result.replayed) {
          await recordAudit(tx, request, {
            action: 'ambassadors.mission_decision',
            targetType: 'ambassador_submission',
            targetId: result.submission.id,
            details: {
              assignmentId: result.assignment.id,
              decision: request.body.decision,
              reason: result.submission.decisionReason,
              secondsToDecision: result.submission.secondsToDecision,
              pointsCredited: result.pointsCredited,
            },
          });
        }
        return {
          submission: presentSubmission(result.submission),
          assignment: presentAssignment(result.assignment),
          replayed: result.replayed,
          pointsCredited: result.pointsCredited,
        };
      }),
  );

  app.get(
    `${BASE}/programs/:id/workload`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Each active or paused ambassador’s load and burnout signals, most signals first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(WorkloadSchema) }) },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => ({
        items: (await programWorkload(tx, request.params.id)).map(presentWorkload),
      })),
  );

  // ---- the ambassador's own side --------------------------------------------------------

  app.get(
    `${BASE}/me/missions`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Missions you may take, your assignments and evidence, and the points they earned',
        response: {
          200: Type.Object({
            openMissions: Type.Array(
              Type.Object({
                ...MissionSchema.properties,
                programName: Type.String(),
                canTake: Type.Boolean(),
                whyNot: Nullable(Type.String()),
              }),
            ),
            assignments: Type.Array(AssignmentWithSubmissions),
            incentivesEarned: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const mine = await inTenant(request, (tx) => myMissions(tx, userId));
      return {
        openMissions: mine.openMissions.map((m) => ({ ...m, ...presentMission(m) })),
        assignments: mine.assignments.map((a) => ({
          ...presentAssignment(a),
          submissions: a.submissions.map(presentSubmission),
        })),
        incentivesEarned: mine.incentivesEarned,
      };
    },
  );

  app.post(
    `${BASE}/me/missions/:id/take`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Take an open mission of your program for yourself',
        params: IdParams,
        response: { 201: AssignmentSchema },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const assignment = await inTenant(request, (tx) =>
        takeMission(tx, request.guild.tenant.id, { missionId: request.params.id, userId }),
      );
      return reply.code(201).send(presentAssignment(assignment));
    },
  );

  app.post(
    `${BASE}/me/assignments/:id/decline`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Decline a mission given to you, saying why',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: AssignmentSchema },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const assignment = await inTenant(request, (tx) =>
        declineAssignment(tx, {
          assignmentId: request.params.id,
          userId,
          reason: request.body.reason,
        }),
      );
      return presentAssignment(assignment);
    },
  );

  app.post(
    `${BASE}/me/assignments/:id/submissions`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Send evidence for your assignment (a new version after changes are asked for)',
        params: IdParams,
        body: Type.Object(
          {
            text: Type.Optional(Nullable(Type.String({ maxLength: MAX_TEXT }))),
            links: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), { maxItems: MAX_LINKS }),
            ),
            media: Type.Optional(Type.Array(MediaSchema, { maxItems: MAX_MEDIA })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ submission: SubmissionSchema, assignment: AssignmentSchema }),
        },
      },
    },
    async (request, reply) => {
      const userId = actorId(request);
      const result = await inTenant(request, (tx) =>
        submitEvidence(tx, request.guild.tenant.id, {
          assignmentId: request.params.id,
          userId,
          evidence: request.body,
        }),
      );
      return reply.code(201).send({
        submission: presentSubmission(result.submission),
        assignment: presentAssignment(result.assignment),
      });
    },
  );
}
