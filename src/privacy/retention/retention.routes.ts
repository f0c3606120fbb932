/**
 * The age gate's and retention's API under /api/v1/privacy, and the daily retention job:
 * the sign-up rules anyone may read, the age gate and retention periods for admins, the
 * retention report and a run on demand. docs/PRIVACY.md.
 */
import { Type } from 'typebox';
import { actorIdOf as actorId } from '../../core/http/request-context.js';
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { GuildConfig } from '../../core/config/config.js';
import type { Database } from '../../core/db/database.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { GuildLogger } from '../../core/logging/logger.js';
import { ageGateOf, setAgeGate } from '../age-gate.js';
import {
  RETENTION_CATEGORY_NAMES,
  purgeTenant,
  recordRun,
  retentionReport,
  runRetention,
  setRetentionPeriod,
} from './retention.js';

const BASE = '/api/v1/privacy';
const tags = ['privacy'];
/** A process that runs background work looks this often; each tenant is purged once a day. */
const SWEEP_SECONDS = 3600;

const AgeGateSchema = Type.Object({
  ageGate: Type.Boolean(),
  minimumAge: Type.Integer({ minimum: 13, maximum: 21 }),
});
const Category = StringEnum(RETENTION_CATEGORY_NAMES);
const ReportSchema = Type.Object({
  policies: Type.Array(
    Type.Object({
      category: Category,
      days: Type.Integer(),
      defaultDays: Type.Integer(),
      what: Type.String(),
      overdue: Type.Integer(),
    }),
  ),
  lastRun: Nullable(
    Type.Object({
      startedAt: Type.String(),
      finishedAt: Nullable(Type.String()),
      removed: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
});

export interface RetentionDeps {
  app: GuildServer;
  db: Database;
  config: GuildConfig;
  logger: GuildLogger;
  mail: MailWritten;
}

export function registerRetention({ app, db, config, logger, mail }: RetentionDeps): void {
  app.get(
    `${BASE}/sign-up-rules`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Whether joining asks for a date of birth, and the minimum age',
        response: { 200: AgeGateSchema },
      },
    },
    (request) => db.tenant(request.guild.tenant.id, (tx) => ageGateOf(tx)),
  );

  app.put(
    `${BASE}/age-gate`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: 'Turn the age gate on or off and set the minimum age (13 to 21)',
        body: AgeGateSchema,
        response: { 200: AgeGateSchema },
      },
    },
    (request) => {
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, async (tx) => {
        const before = await ageGateOf(tx);
        const after = await setAgeGate(tx, tenantId, request.body, actorId(request));
        await recordAudit(tx, request, {
          action: 'privacy.age_gate',
          before: { ...before },
          after: { ...after },
        });
        return after;
      });
    },
  );

  app.get(
    `${BASE}/retention`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: 'Each category’s retention period, what is overdue now, and the last run',
        response: { 200: ReportSchema },
      },
    },
    (request) => db.tenant(request.guild.tenant.id, (tx) => retentionReport(tx)),
  );

  app.put(
    `${BASE}/retention/:category`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: 'Set how many days a category of data is kept',
        params: Type.Object({ category: Category }),
        body: Type.Object(
          { days: Type.Integer({ minimum: 1, maximum: 3650 }) },
          { additionalProperties: false },
        ),
        response: { 200: ReportSchema },
      },
    },
    (request) => {
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, async (tx) => {
        const before = await retentionReport(tx);
        const { category } = request.params;
        await setRetentionPeriod(tx, tenantId, category, request.body.days, actorId(request));
        await recordAudit(tx, request, {
          action: 'privacy.retention_period',
          targetType: 'retention_category',
          targetId: category,
          before: { days: before.policies.find((p) => p.category === category)?.days ?? null },
          after: { days: request.body.days },
        });
        return retentionReport(tx);
      });
    },
  );

  app.post(
    `${BASE}/retention/run`,
    {
      config: { access: 'privacy:manage' },
      schema: {
        tags,
        summary: 'Remove now everything past its retention period (the daily job, on demand)',
        response: { 200: ReportSchema },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      const at = new Date();
      const { report, mailed } = await db.tenant(tenantId, async (tx) => {
        const outcome = await purgeTenant(tx, tenantId, at);
        await recordRun(tx, tenantId, at, outcome.removed);
        await recordAudit(tx, request, {
          action: 'privacy.retention_run',
          details: outcome.removed,
        });
        return { report: await retentionReport(tx, at), mailed: outcome.mailed };
      });
      if (mailed) {
        mail.written(tenantId);
      }
      return report;
    },
  );

  if (config.jobs.work) {
    const stop = repeatEvery(
      () => SWEEP_SECONDS,
      async () => {
        const ran = await runRetention(db, (tenantId) => mail.written(tenantId));
        if (ran > 0) {
          logger.info({ category: 'job', tenants: ran }, 'retention run');
        }
      },
      (error) => logger.error({ category: 'job', err: error }, 'retention run failed'),
    );
    app.addHook('onClose', () => stop());
  }
}
