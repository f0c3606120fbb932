/**
 * Turns a Markdown body into stored HTML with its mentions resolved against this tenant's
 * members, and tells who was mentioned so they can be notified.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { users } from '../accounts/accounts.table.js';
import { extractMentions, markdownTextAndExcerpt, renderMarkdown } from './markdown.js';

export interface RenderedBody {
  html: string;
  excerpt: string;
  /** The whole text without markup, for search snippets. */
  text: string;
  mentionedIds: string[];
}

/** Renders `body` with mentions of active members linked. */
export async function renderBody(db: Orm, body: string): Promise<RenderedBody> {
  const keys = extractMentions(body);
  const found =
    keys.length === 0
      ? []
      : await db
          .select({ id: users.id, key: users.usernameKey, username: users.username })
          .from(users)
          .where(and(inArray(users.usernameKey, keys), eq(users.status, 'active')));
  const mentions = new Map(found.map((row) => [row.key, row.username]));
  return {
    html: renderMarkdown(body, { mentions }),
    ...markdownTextAndExcerpt(body, 240),
    mentionedIds: found.map((row) => row.id),
  };
}
