/**
 * Scoring runs: a program's candidates scored as of a moment, by a background job, with
 * progress kept on the run (members to score, members done). A run is asked for by a manager
 * or by the scheduler when a program's last run is older than its `rescore_every_hours`; one
 * run of a program is open at a time (a unique index decides between processes).
 *
 * A run reads inputs and exclusions, scores in memory, and writes the scores in batches, each
 * batch its own transaction so progress shows; the rows of members who are no longer
 * candidates (consent withdrawn, moved region) are deleted at the end.
 */
import { sql } from 'drizzle-orm';
import type { Database, Orm } from '../../core/db/database.js';
import { sqlRows } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { JobTask, type JobRunner, type TenantJobData } from '../../core/jobs/jobs.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { GuildLogger } from '../../core/logging/logger.js';
import { allowedCategories } from '../../privacy/data-purposes.js';
import { consentInForce } from '../../privacy/consents.service.js';
import { getProgram, type Program } from '../programs.service.js';
import { exclusionsOf } from './exclusions.js';
import { FEATURES, FEATURE_SPECS, type Feature } from './features.js';
import { countWithoutConsent, readInputs } from './inputs.js';
import { scoreCandidates } from './score.js';

const WRITE_BATCH = 1000;
/** How far back a run may be dated: a run's scores replace the program's current ones. */
export const MAX_BACKDATE_DAYS = 730;

export interface ScoreRun {
  id: string;
  programId: string;
  trigger: 'schedule' | 'manual';
  asOf: Date;
  status: 'queued' | 'running' | 'done' | 'failed';
  membersTotal: number | null;
  membersDone: number;
  scored: number;
  excluded: number;
  notConsented: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface RunRow {
  id: string;
  program_id: string;
  trigger: 'schedule' | 'manual';
  as_of: string | Date;
  status: ScoreRun['status'];
  members_total: number | null;
  members_done: number;
  scored: number;
  excluded: number;
  not_consented: number;
  error: string | null;
  created_at: string | Date;
  started_at: string | Date | null;
  finished_at: string | Date | null;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

function runOf(row: RunRow): ScoreRun {
  return {
    id: row.id,
    programId: row.program_id,
    trigger: row.trigger,
    asOf: new Date(row.as_of),
    status: row.status,
    membersTotal: row.members_total,
    membersDone: row.members_done,
    scored: row.scored,
    excluded: row.excluded,
    notConsented: row.not_consented,
    error: row.error,
    createdAt: new Date(row.created_at),
    startedAt: date(row.started_at),
    finishedAt: date(row.finished_at),
  };
}

export async function getRun(tx: Orm, id: string): Promise<ScoreRun> {
  const [row] = await sqlRows<RunRow>(
    tx,
    sql`select * from ambassador_score_runs where id = ${id}`,
  );
  if (!row) {
    throw new GuildError('not_found', 'No such scoring run.');
  }
  return runOf(row);
}

export async function listRuns(tx: Orm, programId: string, limit = 20): Promise<ScoreRun[]> {
  const rows = await sqlRows<RunRow>(
    tx,
    sql`select * from ambassador_score_runs where program_id = ${programId}
         order by created_at desc, id desc limit ${limit}`,
  );
  return rows.map(runOf);
}

/** Opens a run; refused while another run of the program is open. */
export async function openRun(
  tx: Orm,
  tenantId: string,
  input: { programId: string; trigger: 'schedule' | 'manual'; asOf?: Date; requestedBy?: string },
): Promise<ScoreRun> {
  const program = await getProgram(tx, input.programId);
  if (program.status !== 'active') {
    throw new GuildError('conflict', 'An archived program is not scored.');
  }
  const asOf = input.asOf ?? new Date();
  if (asOf.getTime() > Date.now() + 60_000) {
    throw new GuildError('validation_failed', 'A score cannot be computed as of the future.', {
      field: 'asOf',
    });
  }
  if (asOf.getTime() < Date.now() - MAX_BACKDATE_DAYS * 86_400_000) {
    throw new GuildError(
      'validation_failed',
      `A score can be computed as of at most ${MAX_BACKDATE_DAYS} days ago; its scores replace the program's current ones.`,
      { field: 'asOf', maxDaysBack: MAX_BACKDATE_DAYS },
    );
  }
  const [row] = await sqlRows<RunRow>(
    tx,
    sql`insert into ambassador_score_runs (tenant_id, program_id, trigger, as_of, requested_by)
        values (${tenantId}, ${program.id}, ${input.trigger}, ${asOf.toISOString()},
                ${input.requestedBy ?? null})
        on conflict (program_id) where status in ('queued', 'running') do nothing
        returning *`,
  );
  if (!row) {
    throw new GuildError('score_run_in_progress');
  }
  return runOf(row);
}

async function setRun(db: Database, tenantId: string, id: string, fields: ReturnType<typeof sql>) {
  await db.tenant(tenantId, (tx) =>
    tx.execute(sql`update ambassador_score_runs set ${fields} where id = ${id}`),
  );
}

/** Which features may be read for scoring, by the categories' purposes (PRV-07). */
async function allowedFeatures(tx: Orm): Promise<Set<Feature>> {
  const categories = await allowedCategories(tx, 'ambassador_scoring');
  return new Set(FEATURES.filter((f) => categories.has(FEATURE_SPECS[f].category)));
}

/** Carries out a run. Safe to call again for a run a crash left `running`. */
export async function executeRun(db: Database, tenantId: string, runId: string): Promise<ScoreRun> {
  const start = await db.tenant(tenantId, async (tx) => {
    const run = await getRun(tx, runId);
    if (run.status === 'done' || run.status === 'failed') {
      return null;
    }
    await tx.execute(
      sql`update ambassador_score_runs set status = 'running', started_at = now(), error = null
           where id = ${runId}`,
    );
    return { run, program: await getProgram(tx, run.programId) };
  });
  if (!start) {
    return db.tenant(tenantId, (tx) => getRun(tx, runId));
  }
  const { run, program } = start;
  try {
    await scoreProgram(db, tenantId, program, run);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await setRun(
      db,
      tenantId,
      runId,
      sql`status = 'failed', error = ${message.slice(0, 500)}, finished_at = now()`,
    );
    throw error;
  }
  return db.tenant(tenantId, (tx) => getRun(tx, runId));
}

async function scoreProgram(
  db: Database,
  tenantId: string,
  program: Program,
  run: ScoreRun,
): Promise<void> {
  const scope = { regionId: program.regionId, segmentId: program.segmentId };
  const { candidates, allowed, notConsented } = await db.tenant(tenantId, async (tx) => {
    const allowed = await allowedFeatures(tx);
    const categories = new Set([...allowed].map((f) => FEATURE_SPECS[f].category));
    return {
      allowed,
      candidates: await readInputs(tx, scope, run.asOf, categories),
      notConsented: await countWithoutConsent(tx, scope),
    };
  });
  await setRun(
    db,
    tenantId,
    run.id,
    sql`members_total = ${candidates.length}, not_consented = ${notConsented}`,
  );

  const excluded = await db.tenant(tenantId, (tx) =>
    exclusionsOf(
      tx,
      candidates.map((c) => c.userId),
      { minAge: program.minAge, strikeWindowDays: program.strikeWindowDays },
    ),
  );
  const eligible = candidates.filter((c) => !excluded.has(c.userId));
  const scored = new Map(
    scoreCandidates(eligible, program.weights, allowed).map((s) => [s.userId, s]),
  );

  let done = 0;
  for (let from = 0; from < candidates.length; from += WRITE_BATCH) {
    const batch = candidates.slice(from, from + WRITE_BATCH);
    const rows = batch.map((c) => {
      const s = scored.get(c.userId);
      return {
        user_id: c.userId,
        score: s ? s.score : null,
        inputs: c.inputs,
        contributions: s ? s.contributions : {},
        reasons: s ? s.reasons : [],
        exclusions: excluded.get(c.userId) ?? [],
      };
    });
    await db.tenant(tenantId, async (tx) => {
      await tx.execute(
        sql`insert into ambassador_scores (tenant_id, program_id, user_id, run_id, score, inputs,
              contributions, reasons, exclusions, as_of, computed_at)
            select ${tenantId}, ${program.id}, r.user_id, ${run.id}, r.score, r.inputs,
                   r.contributions, r.reasons,
                   array(select jsonb_array_elements_text(r.exclusions)), ${run.asOf.toISOString()},
                   now()
              from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                   as r(user_id uuid, score real, inputs jsonb, contributions jsonb, reasons jsonb,
                        exclusions jsonb)
            on conflict (program_id, user_id) do update set
              run_id = excluded.run_id, score = excluded.score, inputs = excluded.inputs,
              contributions = excluded.contributions, reasons = excluded.reasons,
              exclusions = excluded.exclusions, as_of = excluded.as_of,
              computed_at = excluded.computed_at`,
      );
      done += batch.length;
      await tx.execute(
        sql`update ambassador_score_runs set members_done = ${done} where id = ${run.id}`,
      );
    });
  }

  await db.tenant(tenantId, async (tx) => {
    await tx.execute(
      sql`delete from ambassador_scores where program_id = ${program.id}
            and run_id is distinct from ${run.id}`,
    );
    await tx.execute(
      sql`update ambassador_score_runs set status = 'done', finished_at = now(),
            scored = ${scored.size}, excluded = ${excluded.size}, members_done = ${candidates.length}
          where id = ${run.id}`,
    );
  });
}

/**
 * Deletes the scores of members whose scoring consent is no longer in force (withdrawn, or
 * the member turned out to be under the consent age). Called when consent is withdrawn and by
 * every run, so a withdrawal takes effect at once for reading and within a run for storage.
 */
export async function forgetScoresWithoutConsent(tx: Orm, userId?: string): Promise<number> {
  const rows = await sqlRows<{ user_id: string }>(
    tx,
    sql`delete from ambassador_scores s
         where ${userId ? sql`s.user_id = ${userId}::uuid and` : sql``}
               not ${consentInForce(sql`s.user_id`, 'ambassador_scoring')}
         returning s.user_id`,
  );
  return rows.length;
}

/** The background job that carries out one run. */
export class AmbassadorScoringTask extends JobTask<TenantJobData & { runId: string }> {
  readonly name = 'ambassador-scoring';
  override readonly retryLimit = 2;
  override readonly expireInSeconds = 60 * 60;

  async run(data: TenantJobData & { runId: string }, context: { db: Database }): Promise<void> {
    await executeRun(context.db, data.tenantId, data.runId);
  }
}

/** Opens a run for every active program whose scores are older than it allows; returns them. */
export async function openDueRuns(db: Database): Promise<{ tenantId: string; runId: string }[]> {
  const due = await db.query<{ tenant_id: string; id: string }>(
    `SELECT p.tenant_id, p.id FROM ambassador_programs p
      WHERE p.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM ambassador_score_runs r
                         WHERE r.program_id = p.id
                           AND (r.status IN ('queued', 'running')
                                OR r.created_at > now() - make_interval(hours => p.rescore_every_hours)))`,
  );
  const opened: { tenantId: string; runId: string }[] = [];
  for (const program of due) {
    const run = await db
      .tenant(program.tenant_id, (tx) =>
        openRun(tx, program.tenant_id, { programId: program.id, trigger: 'schedule' }),
      )
      .catch((error: unknown) => {
        if (error instanceof GuildError && error.code === 'score_run_in_progress') {
          return null;
        }
        throw error;
      });
    if (run) {
      opened.push({ tenantId: program.tenant_id, runId: run.id });
    }
  }
  return opened;
}

/**
 * Every `seconds`, opens the runs that are due and queues them; also re-queues runs a crash
 * left queued for more than an hour. Returns the function that stops it.
 */
export function startScoringScheduler(
  db: Database,
  jobs: JobRunner,
  task: AmbassadorScoringTask,
  logger: GuildLogger,
  seconds: number,
): () => Promise<void> {
  return repeatEvery(
    () => seconds,
    async () => {
      for (const { tenantId, runId } of await openDueRuns(db)) {
        await jobs.send(task, { tenantId, runId });
      }
      const stale = await db.query<{ tenant_id: string; id: string }>(
        `SELECT tenant_id, id FROM ambassador_score_runs
          WHERE (status = 'queued' AND created_at < now() - interval '1 hour')
             OR (status = 'running' AND started_at < now() - interval '2 hours')`,
      );
      for (const run of stale) {
        await jobs.send(task, { tenantId: run.tenant_id, runId: run.id });
      }
    },
    (error) => logger.error({ category: 'job', err: error }, 'ambassador scoring schedule failed'),
  );
}
