/**
 * Full-text search over posts with PostgreSQL's own text search: a generated tsvector per
 * post (title weighted above body), `websearch_to_tsquery` for what members type (quotes,
 * OR, -minus), newest matches first, with highlighted snippets. Visibility rules apply as
 * in every feed. Words are matched as typed (the 'simple' configuration, no stemming), since
 * one community mixes English and German.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { decodeCursor, pageOf } from '../core/http/pagination.js';
import type { Actor } from '../core/http/request-context.js';
import { users } from '../accounts/accounts.table.js';
import { visibleSpaces } from './access.js';
import { posts, spaces } from './community.table.js';
import { presentSummary, summaryColumns } from './posts.service.js';

const SNIPPET_OPTIONS =
  'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, HighlightAll=false';

/**
 * Searches visible posts for `q`, newest first among matches (stable keyset paging); each
 * result carries an HTML snippet whose only markup is <mark>.
 */
export async function searchPosts(
  db: Orm,
  actor: Actor | null,
  input: { q: string; space?: string; limit: number; cursor?: string },
) {
  const query = sql`websearch_to_tsquery('simple', ${input.q})`;
  const after = decodeCursor(input.cursor);
  const rows = await db
    .select({
      ...summaryColumns,
      // The snippet is taken from the plain text of the body with HTML escaped first, so the only
      // markup that can come out is the <mark> pair added here.
      snippet: sql<string>`ts_headline('simple',
        replace(replace(replace(${posts.bodyText}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
        ${query}, ${SNIPPET_OPTIONS})`,
    })
    .from(posts)
    .innerJoin(spaces, eq(spaces.id, posts.spaceId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(
      and(
        sql`posts.search_vector @@ ${query}`,
        isNull(posts.deletedAt),
        eq(posts.moderationState, 'published'),
        visibleSpaces(actor),
        input.space ? eq(spaces.slug, input.space) : undefined,
        after
          ? sql`(${posts.createdAt}, ${posts.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(input.limit + 1);

  const { items, nextCursor } = pageOf(rows, input.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return {
    items: items.map((row) => ({ ...presentSummary(row), snippetHtml: row.snippet })),
    nextCursor,
  };
}
