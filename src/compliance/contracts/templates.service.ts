/**
 * Contract templates of a program: draft → published → retired. The text lives in versions,
 * and every edit writes the next one, so a signed contract keeps the exact words signed. A
 * published template is edited by publishing its next version at once, which must pass the
 * same clause check as publishing (clauses.ts); contracts offered on the version it replaced
 * can no longer be signed.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { checkTemplate, type TemplateCheck } from './clauses.js';

export const TEMPLATE_STATUSES = ['draft', 'published', 'retired'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** Longest template body, in characters. */
export const MAX_BODY = 100_000;

export interface TemplateVersion {
  id: string;
  version: number;
  title: string;
  body: string;
  sha256: string;
  markets: string[];
  allMarkets: boolean;
  createdAt: Date;
}

export interface Template {
  id: string;
  programId: string;
  status: TemplateStatus;
  /** The version offered now. */
  current: TemplateVersion;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  retiredAt: Date | null;
}

export interface TemplateInput {
  title?: string;
  body?: string;
  markets?: string[];
  allMarkets?: boolean;
}

interface TemplateRow {
  id: string;
  program_id: string;
  status: TemplateStatus;
  created_by: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  published_at: string | Date | null;
  retired_at: string | Date | null;
  version_id: string;
  version: number;
  title: string;
  body: string;
  body_sha256: string;
  markets: string[];
  all_markets: boolean;
  version_created_at: string | Date;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function templateOf(row: TemplateRow): Template {
  return {
    id: row.id,
    programId: row.program_id,
    status: row.status,
    current: {
      id: row.version_id,
      version: row.version,
      title: row.title,
      body: row.body,
      sha256: row.body_sha256,
      markets: row.markets ?? [],
      allMarkets: row.all_markets,
      createdAt: new Date(row.version_created_at),
    },
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    publishedAt: date(row.published_at),
    retiredAt: date(row.retired_at),
  };
}

const TEMPLATE_SELECT = sql`select t.id, t.program_id, t.status, t.created_by, t.created_at,
    t.updated_at, t.published_at, t.retired_at, v.id as version_id, v.version, v.title, v.body,
    v.body_sha256, v.markets, v.all_markets, v.created_at as version_created_at
  from contract_templates t
  join contract_template_versions v on v.template_id = t.id and v.version = t.current_version`;

export async function getTemplate(tx: Orm, id: string, lock = false): Promise<Template> {
  if (lock) {
    await tx.execute(sql`select id from contract_templates where id = ${id} for update`);
  }
  const [row] = await sqlRows<TemplateRow>(tx, sql`${TEMPLATE_SELECT} where t.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such contract template.');
  }
  return templateOf(row);
}

/** A program's templates, newest first, optionally in one status. */
export async function listTemplates(
  tx: Orm,
  programId: string,
  options: { status?: TemplateStatus; limit: number; cursor?: string },
): Promise<{ items: Template[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const rows = await sqlRows<TemplateRow>(
    tx,
    sql`${TEMPLATE_SELECT} where t.program_id = ${programId}
          ${options.status ? sql`and t.status = ${options.status}` : sql``}
          ${after ? sql`and (t.created_at, t.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
        order by t.created_at desc, t.id desc limit ${options.limit + 1}`,
  );
  return pageOf(rows.map(templateOf), options.limit, (t) => ({ at: t.createdAt, id: t.id }));
}

/** Upper-cases the markets and checks each is a region of the tenant. */
async function cleanMarkets(tx: Orm, markets: readonly string[]): Promise<string[]> {
  const codes = [...new Set(markets.map((m) => m.trim().toUpperCase()))];
  if (codes.length === 0) {
    return codes;
  }
  const known = await sqlRows<{ code: string }>(
    tx,
    sql`select code from regions where code = any(${sql.param(codes)}::text[])`,
  );
  const unknown = codes.filter((c) => !known.some((k) => k.code === c));
  if (unknown.length > 0) {
    throw fail.validation(`Unknown market: ${unknown.join(', ')}.`, { field: 'markets', unknown });
  }
  return codes.sort();
}

async function writeVersion(
  tx: Orm,
  tenantId: string,
  templateId: string,
  version: number,
  text: { title: string; body: string; markets: string[]; allMarkets: boolean },
  userId: string,
): Promise<void> {
  if (!text.allMarkets && text.markets.length === 0) {
    throw fail.validation('Name the markets of the template, or mark it for all markets.', {
      field: 'markets',
    });
  }
  await tx.execute(
    sql`insert into contract_template_versions (tenant_id, template_id, version, title, body,
          body_sha256, markets, all_markets, created_by)
        values (${tenantId}, ${templateId}, ${version}, ${text.title}, ${text.body},
          ${sha256(text.body)}, ${sql.param(text.markets)}::text[], ${text.allMarkets}, ${userId})`,
  );
}

function cleanTitle(raw: string): string {
  const title = plainTextLine(raw).slice(0, 200);
  if (title.length < 3) {
    throw fail.validation('Give the template a title of 3 characters or more.', {
      field: 'title',
    });
  }
  return title;
}

/** Refuses a check with problems of severity B (422 with each one). */
function requirePublishable(check: TemplateCheck): void {
  if (!check.publishable) {
    throw new GuildError('contract_template_incomplete', undefined, {
      missing: check.missing.map((m) => ({ clause: m.clause, problem: m.problem })),
      warnings: check.warnings.map((w) => ({ clause: w.clause, problem: w.problem })),
    });
  }
}

export async function createTemplate(
  tx: Orm,
  tenantId: string,
  programId: string,
  input: Required<Pick<TemplateInput, 'title' | 'body'>> & TemplateInput,
  userId: string,
): Promise<Template> {
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into contract_templates (tenant_id, program_id, created_by)
        values (${tenantId}, ${programId}, ${userId}) returning id`,
  );
  await writeVersion(
    tx,
    tenantId,
    row!.id,
    1,
    {
      title: cleanTitle(input.title),
      body: input.body,
      markets: await cleanMarkets(tx, input.markets ?? []),
      allMarkets: input.allMarkets ?? false,
    },
    userId,
  );
  return getTemplate(tx, row!.id);
}

/**
 * Writes the next version of a draft or published template. A published template's new
 * version is offered at once, so it must pass the clause check.
 */
export async function updateTemplate(
  tx: Orm,
  tenantId: string,
  id: string,
  input: TemplateInput,
  userId: string,
): Promise<Template> {
  const before = await getTemplate(tx, id, true);
  if (before.status === 'retired') {
    throw fail.conflict('This template is retired; write a new one.');
  }
  const text = {
    title: input.title === undefined ? before.current.title : cleanTitle(input.title),
    body: input.body ?? before.current.body,
    markets:
      input.markets === undefined ? before.current.markets : await cleanMarkets(tx, input.markets),
    allMarkets: input.allMarkets ?? before.current.allMarkets,
  };
  if (before.status === 'published') {
    requirePublishable(checkTemplate(text.body));
  }
  const next = before.current.version + 1;
  await writeVersion(tx, tenantId, id, next, text, userId);
  await tx.execute(
    sql`update contract_templates set current_version = ${next}, updated_at = now()
         where id = ${id}`,
  );
  return getTemplate(tx, id);
}

/** Publishes a draft when no B clause is missing or weak; W problems come back as warnings. */
export async function publishTemplate(
  tx: Orm,
  id: string,
): Promise<{ template: Template; check: TemplateCheck }> {
  const before = await getTemplate(tx, id, true);
  if (before.status !== 'draft') {
    throw fail.conflict(`This template is ${before.status}; only a draft can be published.`, {
      status: before.status,
    });
  }
  const check = checkTemplate(before.current.body);
  requirePublishable(check);
  await tx.execute(
    sql`update contract_templates set status = 'published', published_at = now(),
          updated_at = now()
        where id = ${id}`,
  );
  return { template: await getTemplate(tx, id), check };
}

/** Retires a template: no new offers or signatures; signed contracts run to their end. */
export async function retireTemplate(tx: Orm, id: string): Promise<Template> {
  const before = await getTemplate(tx, id, true);
  if (before.status === 'retired') {
    throw fail.conflict('This template is retired already.');
  }
  await tx.execute(
    sql`update contract_templates set status = 'retired', retired_at = now(), updated_at = now()
         where id = ${id}`,
  );
  return getTemplate(tx, id);
}
