/**
 * The program's iteration log: what was changed, when and by whom, optionally with the surveys
 * that led to it. Entries are history: written once, listed newest first.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { getProgram } from '../programs.service.js';

export interface Iteration {
  id: string;
  programId: string;
  title: string;
  change: string;
  surveyIds: string[];
  /** The day the change was made (YYYY-MM-DD). */
  on: string;
  author: { userId: string; username: string; displayName: string } | null;
  createdAt: Date;
}

interface IterationRow {
  id: string;
  program_id: string;
  title: string;
  change: string;
  survey_ids: string[] | string;
  happened_on: string | Date;
  author_id: string | null;
  username: string | null;
  display_name: string | null;
  created_at: string | Date;
}

/** A date column as YYYY-MM-DD whatever the driver returns. */
function day(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** Postgres array text ("{a,b}") or an array. */
function uuids(value: string[] | string): string[] {
  if (Array.isArray(value)) {
    return value;
  }
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}

function iterationOf(row: IterationRow): Iteration {
  return {
    id: row.id,
    programId: row.program_id,
    title: row.title,
    change: row.change,
    surveyIds: uuids(row.survey_ids),
    on: day(row.happened_on),
    author:
      row.author_id === null
        ? null
        : {
            userId: row.author_id,
            username: row.username ?? '',
            displayName: row.display_name ?? '',
          },
    createdAt: new Date(row.created_at),
  };
}

const SELECT = sql`select i.id, i.program_id, i.title, i.change, i.survey_ids,
    to_char(i.happened_on, 'YYYY-MM-DD') as happened_on, i.author_id, u.username, u.display_name,
    i.created_at
  from ambassador_iterations i left join users u on u.id = i.author_id`;

export async function listIterations(tx: Orm, programId: string): Promise<Iteration[]> {
  await getProgram(tx, programId);
  const rows = await sqlRows<IterationRow>(
    tx,
    sql`${SELECT} where i.program_id = ${programId}
        order by i.happened_on desc, i.created_at desc, i.id desc`,
  );
  return rows.map(iterationOf);
}

export async function addIteration(
  tx: Orm,
  tenantId: string,
  input: {
    programId: string;
    title: string;
    change: string;
    surveyIds?: string[];
    on?: string;
    authorId: string;
  },
): Promise<Iteration> {
  await getProgram(tx, input.programId);
  const title = plainTextLine(input.title).slice(0, 120);
  if (title.length < 2) {
    throw fail.validation('An entry needs a title.', { field: 'title' });
  }
  if (input.on !== undefined && input.on > new Date().toISOString().slice(0, 10)) {
    throw fail.validation('An entry records a change made: its date cannot be in the future.', {
      field: 'on',
    });
  }
  const change = input.change.trim().slice(0, 5000);
  if (change === '') {
    throw fail.validation('Say what changed.', { field: 'change' });
  }
  const surveyIds = [...new Set(input.surveyIds ?? [])];
  if (surveyIds.length > 0) {
    const found = await sqlRows<{ id: string }>(
      tx,
      sql`select id from ambassador_surveys where program_id = ${input.programId}
             and id = any(${sql.param(surveyIds)}::uuid[])`,
    );
    const known = new Set(found.map((f) => f.id));
    const unknown = surveyIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw fail.validation('These surveys are not surveys of this program.', {
        field: 'surveyIds',
        surveyIds: unknown,
      });
    }
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into ambassador_iterations (tenant_id, program_id, title, change, survey_ids,
          happened_on, author_id)
        values (${tenantId}, ${input.programId}, ${title}, ${change},
                ${sql.param(surveyIds)}::uuid[],
                coalesce(${input.on ?? null}::date, current_date),
                ${input.authorId})
        returning id`,
  );
  const [created] = await sqlRows<IterationRow>(tx, sql`${SELECT} where i.id = ${row!.id}`);
  return iterationOf(created!);
}
