/**
 * The raw baseline for the feed read: the SQL that `listPosts` sends for a space's first page,
 * run straight through the database handle, with no HTTP, no Fastify, no session look-up and
 * no result mapping, but inside the tenant transaction `db.tenant(...)` exactly as the API
 * does (BEGIN, set role and tenant, the query, COMMIT).
 *
 * How the SQL is obtained: the select builder below is the one `listPosts` builds (same
 * columns, joins, visibility condition for the signed-in member, order and limit + 1; no
 * cursor on a first page), and its text and parameters come from Drizzle's `.toSQL()`. The
 * text is then sent as is, with its parameters bound, through `tx.execute`. `checkSameFeed`
 * confirms the rows are the ones the API serves, so the two paths read the same thing.
 */
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database, Orm } from '../../src/core/db/database.js';
import type { Actor } from '../../src/core/http/request-context.js';
import { users } from '../../src/accounts/accounts.table.js';
import { visibleSpaces } from '../../src/community/access.js';
import { posts, spaces } from '../../src/community/community.table.js';
import { summaryColumns } from '../../src/community/posts.service.js';
import { percentiles, type Percentiles } from './stats.js';

export interface FeedQuery {
  text: string;
  params: unknown[];
  /** The same text with its parameters bound, ready for `tx.execute`. */
  statement: SQL;
}

export interface RawResult {
  queries: number;
  seconds: number;
  qps: number;
  latency: Percentiles;
}

/** Mirrors the builder in `listPosts` for one space, first page. */
function feedBuilder(db: Orm, actor: Actor, spaceSlug: string, limit: number) {
  return db
    .select(summaryColumns)
    .from(posts)
    .innerJoin(spaces, eq(spaces.id, posts.spaceId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(spaces.slug, spaceSlug), isNull(posts.deletedAt), visibleSpaces(actor)))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(limit + 1);
}

/** Binds `$1…$n` of a query text back to their values as one Drizzle SQL. */
function bind(text: string, params: unknown[]): SQL {
  const pieces = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  pieces.forEach((piece, index) => {
    chunks.push(index % 2 === 0 ? sql.raw(piece) : sql`${params[Number(piece) - 1]}`);
  });
  return sql.join(chunks);
}

/** The feed query's text and parameters, as `listPosts` would send them. */
export function feedQuery(db: Orm, actor: Actor, spaceSlug: string, limit: number): FeedQuery {
  const { sql: text, params } = feedBuilder(db, actor, spaceSlug, limit).toSQL();
  return { text, params, statement: bind(text, params) };
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  if (typeof result === 'object' && result !== null && 'rows' in result) {
    const rows = result.rows;
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  }
  return [];
}

/** Runs the feed query once in the tenant's transaction; returns its rows. */
export async function runFeed(db: Database, tenantId: string, query: FeedQuery) {
  return rowsOf(await db.tenant(tenantId, (tx) => tx.execute(query.statement)));
}

/**
 * Throws unless the raw query and the API list the same posts in the same order. Titles are
 * compared: the raw rows come back as objects keyed by column name, where `id` is ambiguous
 * (posts, users); the seeded titles are unique.
 */
export function checkSameFeed(raw: Record<string, unknown>[], apiTitles: string[]): void {
  const rawTitles = raw.slice(0, apiTitles.length).map((row) => String(row.title));
  if (apiTitles.length === 0 || rawTitles.join('\n') !== apiTitles.join('\n')) {
    throw new Error('the raw feed query and the API disagree on the first page');
  }
}

/** Runs `concurrency` loops of the feed query until `seconds` have passed. */
export async function measureRaw(
  db: Database,
  tenantId: string,
  query: FeedQuery,
  options: { seconds: number; concurrency: number },
): Promise<RawResult> {
  const samples: number[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const before = performance.now();
      await db.tenant(tenantId, (tx) => tx.execute(query.statement));
      samples.push(performance.now() - before);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  return {
    queries: samples.length,
    seconds,
    qps: samples.length / seconds,
    latency: percentiles(samples),
  };
}
