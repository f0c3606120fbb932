/**
 * Retention of a program's ambassadors, for managers (`ambassadors:manage`): the retention rate
 * over a period as PRODUCT.md defines it, churn risk per ambassador with reasons, and who left.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Database, Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { CHURN_LEVELS, POINTS } from './churn.js';
import { COMPLETION_WINDOW_DAYS, RETENTION_DEFINITION } from './retention.js';
import { alumniOf, churnRisks, periodOf, programRetention } from './retention.service.js';

const BASE = '/api/v1/ambassadors';
const tags = ['ambassadors'];
const manage = 'ambassadors:manage' as const;
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });

const Figures = {
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  rate: Nullable(Type.Number()),
};
const RetentionSchema = Type.Object({
  programId: Type.String(),
  from: Day,
  to: Day,
  periodStart: DateTime,
  periodEnd: DateTime,
  ...Figures,
  definition: Type.String(),
  completionWindowDays: Type.Integer(),
  regions: Type.Optional(
    Type.Array(Type.Object({ regionCode: Nullable(Type.String()), ...Figures })),
  ),
});
const ChurnSchema = Type.Object({
  ambassadorId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  regionCode: Nullable(Type.String()),
  state: StringEnum(['active', 'paused']),
  score: Type.Integer(),
  level: StringEnum(CHURN_LEVELS),
  reasons: Type.Array(
    Type.Object({
      signal: StringEnum(Object.keys(POINTS) as (keyof typeof POINTS)[]),
      points: Type.Integer(),
      text: Type.String(),
    }),
  ),
  lastCompletionAt: Nullable(DateTime),
  daysSinceCompletion: Nullable(Type.Integer()),
  latestNps: Nullable(Type.Integer()),
  contributionsLast30: Type.Integer(),
  contributionsPrevious60: Type.Integer(),
});
const AlumnusSchema = Type.Object({
  ambassadorId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  regionCode: Nullable(Type.String()),
  fromState: Nullable(Type.String()),
  leftAt: DateTime,
  reason: Nullable(Type.String()),
  actorKind: Type.String(),
  currentState: Type.String(),
});

function checkPeriod(from: string, to: string) {
  if (to < from) {
    throw fail.validation('The period ends before it starts.', { field: 'to' });
  }
  if (from < '2000-01-01') {
    throw fail.validation('The period starts too early (2000-01-01 at the earliest).', {
      field: 'from',
    });
  }
  if (to > new Date().toISOString().slice(0, 10)) {
    throw fail.validation('The period must end by today: a rate cannot be measured ahead.', {
      field: 'to',
    });
  }
  return periodOf(from, to);
}

export function registerRetentionRoutes(app: GuildServer, db: Database): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  app.get(
    `${BASE}/programs/:id/retention`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Ambassador retention rate over a period (whole UTC days, both included)',
        params: IdParams,
        querystring: Type.Object({
          from: Day,
          to: Day,
          byRegion: Type.Optional(Type.Boolean()),
        }),
        response: { 200: RetentionSchema },
      },
    },
    async (request) => {
      const { from, to, byRegion } = request.query;
      const period = checkPeriod(from, to);
      const result = await inTenant(request, (tx) =>
        programRetention(tx, request.params.id, period),
      );
      return {
        programId: request.params.id,
        from,
        to,
        periodStart: period.start.toISOString(),
        periodEnd: period.end.toISOString(),
        numerator: result.numerator,
        denominator: result.denominator,
        rate: result.rate,
        definition: RETENTION_DEFINITION,
        completionWindowDays: COMPLETION_WINDOW_DAYS,
        ...(byRegion ? { regions: result.regions } : {}),
      };
    },
  );

  app.get(
    `${BASE}/programs/:id/churn-risk`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Churn risk of each active or paused ambassador, highest first, with reasons',
        params: IdParams,
        querystring: Type.Object({ level: Type.Optional(StringEnum(CHURN_LEVELS)) }),
        response: { 200: Type.Object({ items: Type.Array(ChurnSchema) }) },
      },
    },
    async (request) => {
      const rows = await inTenant(request, (tx) => churnRisks(tx, request.params.id));
      return {
        items: rows
          .filter((r) => request.query.level === undefined || r.level === request.query.level)
          .map((r) => ({
            ...r,
            lastCompletionAt: r.lastCompletionAt === null ? null : r.lastCompletionAt.toISOString(),
          })),
      };
    },
  );

  app.get(
    `${BASE}/programs/:id/alumni`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Who left the program, when, from which state and why, newest first',
        params: IdParams,
        querystring: Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }),
        response: { 200: Type.Object({ items: Type.Array(AlumnusSchema) }) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from && to && to < from) {
        throw fail.validation('The period ends before it starts.', { field: 'to' });
      }
      const rows = await inTenant(request, (tx) =>
        alumniOf(tx, request.params.id, {
          start: from ? periodOf(from, from).start : null,
          end: to ? periodOf(to, to).end : null,
        }),
      );
      return { items: rows.map((r) => ({ ...r, leftAt: r.leftAt.toISOString() })) };
    },
  );
}
