/**
 * What an account less than a day old may put in one post or comment (SECURITY.md S13), as
 * Discourse limits its newest users (trust level 0): at most one image, two links and two
 * mentions. Posts and comments carry no attachments in Guild, so there is nothing more to
 * limit. Staff are not limited. Counted on the Markdown as Guild renders it, so an image or
 * link written as a reference or an autolink counts the same as any other (raw HTML is shown
 * as text, never as an image or link).
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';
import { roleHas } from '../core/http/access.js';
import type { Actor } from '../core/http/request-context.js';
import { extractMentions, renderMarkdown } from './markdown.js';

export const NEW_ACCOUNT_LIMITS = { images: 1, links: 2, mentions: 2 } as const;

export interface BodyMedia {
  images: number;
  links: number;
  mentions: number;
}

/** The images, links and mentions a Markdown body holds once rendered. */
export function bodyMedia(body: string): BodyMedia {
  // Without known members, mentions stay text: every remaining anchor is a link.
  const html = renderMarkdown(body);
  return {
    images: (html.match(/<img\b/gi) ?? []).length,
    links: (html.match(/<a\b/gi) ?? []).length,
    mentions: extractMentions(body).length,
  };
}

/** Throws `new_account_limited` when an account under a day old goes over the limits. */
export async function assertNewAccountMayWrite(tx: Orm, actor: Actor, body: string): Promise<void> {
  if (roleHas(actor.role, 'community:moderate')) {
    return;
  }
  const media = bodyMedia(body);
  const over = (Object.keys(NEW_ACCOUNT_LIMITS) as (keyof BodyMedia)[]).filter(
    (key) => media[key] > NEW_ACCOUNT_LIMITS[key],
  );
  if (over.length === 0) {
    return;
  }
  const [row] = await sqlRows<{ fresh: boolean }>(
    tx,
    sql`select created_at > now() - interval '1 day' as fresh from users where id = ${actor.userId}`,
  );
  if (row?.fresh !== true) {
    return;
  }
  throw new GuildError(
    'new_account_limited',
    `On their first day, accounts may add at most ${NEW_ACCOUNT_LIMITS.images} image, ` +
      `${NEW_ACCOUNT_LIMITS.links} links and ${NEW_ACCOUNT_LIMITS.mentions} mentions to a post or comment.`,
    { over, found: media, limits: NEW_ACCOUNT_LIMITS },
  );
}
