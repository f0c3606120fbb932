/**
 * Code pools of digital rewards. Managers upload codes one per line or as CSV (the code in the
 * first column); blank lines, repeats and codes already in the pool are reported by line number
 * and left out. A redemption reserves one free code with `FOR UPDATE SKIP LOCKED`, so redemptions
 * running at the same time never take the same code; the member sees it once the redemption is
 * fulfilled, and a reservation given back before then (rejected, cancelled) frees the code.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';

export const CODE_FORMATS = ['lines', 'csv'] as const;
export type CodeFormat = (typeof CODE_FORMATS)[number];

/** Most lines one upload may hold. */
export const MAX_UPLOAD_LINES = 10_000;
export const MAX_CODE_LENGTH = 200;

export const CODE_PROBLEMS = ['blank', 'duplicate', 'already_in_pool', 'invalid'] as const;
export type CodeProblemKind = (typeof CODE_PROBLEMS)[number];

export interface CodeProblem {
  /** 1-based line of the upload. */
  line: number;
  problem: CodeProblemKind;
  /** The line the same code first appeared on (duplicates). */
  firstLine?: number;
  message: string;
}

export interface ParsedCodes {
  codes: { line: number; code: string }[];
  problems: CodeProblem[];
  /** True when the first line was a CSV header (`code`) and was skipped. */
  header: boolean;
}

/** The first field of a CSV line (quoted with "" escapes, or up to the first comma). */
function firstCsvField(line: string): string {
  const text = line.trimStart();
  if (!text.startsWith('"')) {
    const comma = text.indexOf(',');
    return comma === -1 ? text : text.slice(0, comma);
  }
  let value = '';
  for (let i = 1; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') {
      if (text[i + 1] === '"') {
        value += '"';
        i += 1;
      } else {
        return value;
      }
    } else {
      value += char;
    }
  }
  return value;
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Reads an upload into codes with their lines, and the lines left out with why. */
export function parseCodes(text: string, format: CodeFormat): ParsedCodes {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines.at(-1) === '') {
    lines.pop(); // the newline that ends the last line
  }
  if (lines.length > MAX_UPLOAD_LINES) {
    throw fail.validation(`Upload at most ${MAX_UPLOAD_LINES} lines at a time.`, {
      field: 'content',
      lines: lines.length,
    });
  }
  const codes: ParsedCodes['codes'] = [];
  const problems: CodeProblem[] = [];
  const seen = new Map<string, number>();
  let header = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const code = (format === 'csv' ? firstCsvField(raw) : raw).trim();
    if (format === 'csv' && index === 0 && code.toLowerCase() === 'code') {
      header = true;
      return;
    }
    if (code === '') {
      problems.push({ line, problem: 'blank', message: 'The line is blank.' });
      return;
    }
    if (code.length > MAX_CODE_LENGTH || CONTROL.test(code)) {
      problems.push({
        line,
        problem: 'invalid',
        message: `A code is 1 to ${MAX_CODE_LENGTH} characters without control characters.`,
      });
      return;
    }
    const firstLine = seen.get(code);
    if (firstLine !== undefined) {
      problems.push({
        line,
        problem: 'duplicate',
        firstLine,
        message: `The same code is on line ${firstLine}.`,
      });
      return;
    }
    seen.set(code, line);
    codes.push({ line, code });
  });
  return { codes, problems, header };
}

export interface UploadReport {
  added: number;
  lines: number;
  header: boolean;
  problems: CodeProblem[];
}

/** Adds the upload's codes to a code-pool reward's pool; reports what it left out. */
export async function addCodes(
  tx: Orm,
  tenantId: string,
  rewardId: string,
  upload: { content: string; format: CodeFormat },
  uploadedBy: string,
): Promise<UploadReport> {
  const parsed = parseCodes(upload.content, upload.format);
  const problems = [...parsed.problems];
  let added = 0;
  if (parsed.codes.length > 0) {
    const inserted = await sqlRows<{ code: string }>(
      tx,
      sql`insert into reward_codes (tenant_id, reward_id, code, uploaded_by)
          select ${tenantId}, ${rewardId}, code, ${uploadedBy}
            from unnest(${sql.param(parsed.codes.map((c) => c.code))}::text[])
                 with ordinality as u(code, n)
           order by n
        on conflict (reward_id, code) do nothing
        returning code`,
    );
    const fresh = new Set(inserted.map((row) => row.code));
    added = fresh.size;
    for (const { line, code } of parsed.codes) {
      if (!fresh.has(code)) {
        problems.push({
          line,
          problem: 'already_in_pool',
          message: 'This code is in the pool already.',
        });
      }
    }
  }
  problems.sort((a, b) => a.line - b.line);
  const lines = parsed.codes.length + parsed.problems.length + (parsed.header ? 1 : 0);
  return { added, lines, header: parsed.header, problems };
}

/**
 * Reserves a free code of the reward for the redemption; false when none is free. Codes other
 * transactions are reserving are skipped rather than waited for.
 */
export async function reserveCode(
  tx: Orm,
  rewardId: string,
  redemptionId: string,
): Promise<boolean> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`update reward_codes set redemption_id = ${redemptionId}, reserved_at = now()
         where id = (select id from reward_codes
                      where reward_id = ${rewardId} and redemption_id is null
                      order by created_at, id
                      limit 1
                      for update skip locked)
        returning id`,
  );
  return rows.length > 0;
}

/** Gives a redemption's reserved code back to the pool (it was never shown). */
export async function releaseCode(tx: Orm, redemptionId: string): Promise<void> {
  await tx.execute(sql`update reward_codes set redemption_id = null, reserved_at = null
                        where redemption_id = ${redemptionId}`);
}

export interface CodeCounts {
  total: number;
  free: number;
  reserved: number;
  issued: number;
}

/** How a reward's pool stands: free, reserved by waiting redemptions, issued. */
export async function codeCounts(tx: Orm, rewardId: string): Promise<CodeCounts> {
  const [row] = await sqlRows<Record<keyof CodeCounts, string | number>>(
    tx,
    sql`select count(*) as total,
          count(*) filter (where c.redemption_id is null) as free,
          count(*) filter (where x.status is not null and x.status <> 'fulfilled') as reserved,
          count(*) filter (where x.status = 'fulfilled') as issued
        from reward_codes c left join reward_redemptions x on x.id = c.redemption_id
       where c.reward_id = ${rewardId}`,
  );
  return {
    total: Number(row?.total ?? 0),
    free: Number(row?.free ?? 0),
    reserved: Number(row?.reserved ?? 0),
    issued: Number(row?.issued ?? 0),
  };
}
