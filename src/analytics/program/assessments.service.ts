/**
 * Maturity assessments (docs/PROGRAM.md): the answers a manager submitted, kept as given with
 * who and when, and the scored report of each with its change since the assessment before it.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import {
  QUESTIONNAIRE_VERSION,
  answerProblems,
  changeSince,
  scoreAnswers,
  type Answers,
  type MaturityChange,
  type MaturityReport,
} from './maturity.js';

export interface Assessment {
  id: string;
  questionnaireVersion: number;
  answers: Answers;
  note: string;
  submittedBy: string | null;
  submittedAt: Date;
  report: MaturityReport;
  /** Against the assessment submitted just before this one; null for the first. */
  change: MaturityChange | null;
}

interface AssessmentRow {
  id: string;
  questionnaire_version: number;
  answers: Answers | string;
  note: string;
  submitted_by: string | null;
  submitted_at: string | Date;
}

const SELECT = sql`select id, questionnaire_version, answers, note, submitted_by, submitted_at
  from program_assessments`;

function base(row: AssessmentRow): Omit<Assessment, 'change'> {
  const answers =
    typeof row.answers === 'string' ? (JSON.parse(row.answers) as Answers) : row.answers;
  return {
    id: row.id,
    questionnaireVersion: row.questionnaire_version,
    answers,
    note: row.note,
    submittedBy: row.submitted_by,
    submittedAt: new Date(row.submitted_at),
    report: scoreAnswers(answers),
  };
}

async function previousOf(tx: Orm, current: Omit<Assessment, 'change'>) {
  const [row] = await sqlRows<AssessmentRow>(
    tx,
    sql`${SELECT} where (submitted_at, id) <
          (${current.submittedAt.toISOString()}::timestamptz, ${current.id}::uuid)
        order by submitted_at desc, id desc limit 1`,
  );
  return row ? base(row) : null;
}

async function withChange(tx: Orm, row: AssessmentRow): Promise<Assessment> {
  const current = base(row);
  const previous = await previousOf(tx, current);
  return { ...current, change: previous ? changeSince(current.report, previous) : null };
}

export async function getAssessment(tx: Orm, id: string): Promise<Assessment> {
  const [row] = await sqlRows<AssessmentRow>(tx, sql`${SELECT} where id = ${id}`);
  if (!row) {
    throw fail.notFound('No such assessment.');
  }
  return withChange(tx, row);
}

/** The newest assessment, or null when none was submitted. */
export async function latestAssessment(tx: Orm): Promise<Assessment | null> {
  const [row] = await sqlRows<AssessmentRow>(
    tx,
    sql`${SELECT} order by submitted_at desc, id desc limit 1`,
  );
  return row ? withChange(tx, row) : null;
}

export async function listAssessments(
  tx: Orm,
  page: { limit: number; cursor?: string },
): Promise<{ items: Assessment[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<AssessmentRow>(
    tx,
    sql`${SELECT} where true
          ${
            after
              ? sql`and (submitted_at, id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
              : sql``
          }
        order by submitted_at desc, id desc limit ${page.limit + 1}`,
  );
  const items: Assessment[] = [];
  for (const row of rows) {
    items.push(await withChange(tx, row));
  }
  return pageOf(items, page.limit, (a) => ({ at: a.submittedAt, id: a.id }));
}

/** Checks and stores one set of answers; returns the scored assessment. */
export async function submitAssessment(
  tx: Orm,
  tenantId: string,
  input: { answers: Answers; note?: string },
  by: string,
): Promise<Assessment> {
  const problems = answerProblems(input.answers);
  if (problems.length > 0) {
    throw fail.validation(problems[0]!.message, { field: problems[0]!.field, problems });
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into program_assessments (tenant_id, questionnaire_version, answers, note,
          submitted_by)
        values (${tenantId}, ${QUESTIONNAIRE_VERSION}, ${JSON.stringify(input.answers)}::jsonb,
          ${(input.note ?? '').trim()}, ${by})
        returning id`,
  );
  return getAssessment(tx, row!.id);
}
