/**
 * Disclosure on community posts (COMPLIANCE.md DISC-01, DISC-09; docs/DISCLOSURE.md): what
 * Guild knows about the author and the post becomes the checker's triggers, a post that needs a
 * disclosure and lacks a clear, upfront one is refused, and every post written keeps the
 * check's decision, rule ids and text hash for audit, with the "Sponsored · <brand>" label the
 * feeds and the post page show above the text.
 *
 * The triggers are read when the post is created or edited. A change of the author's ambassador
 * status later does not re-check their existing posts: a post labelled then keeps its label, and
 * a post written before a contract started shows none until it is edited.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';
import { Nullable } from '../core/http/schemas.js';
import { authorDisclosureContext } from '../compliance/disclosure/author-triggers.js';
import { checkDisclosure, type DisclosureResult } from '../compliance/disclosure/disclosure.js';

/** What the feeds show of a post's disclosure. */
export const SponsoredSchema = Type.Object({
  sponsored: Type.Boolean(),
  /** The brand named in the badge: "Sponsored · <sponsorLabel>". */
  sponsorLabel: Nullable(Type.String()),
});

/** What the post itself shows, with the author's own declaration. */
export const PostDisclosureSchema = Type.Object({
  ...SponsoredSchema.properties,
  paidDeclared: Type.Boolean(),
});

/** The author's "contains paid or sponsored content" declaration sent with a post. */
export const PaidDeclaredInput = { paidDeclared: Type.Optional(Type.Boolean()) };

/** A post as the disclosure check reads it. */
export interface DisclosureDraft {
  authorId: string;
  spaceId: string;
  title: string;
  body: string;
  paidDeclared: boolean;
}

/** The check of one post, ready to store. */
export interface PostDisclosure {
  paidDeclared: boolean;
  sponsored: boolean;
  sponsorLabel: string | null;
  textSha256: string;
  result: DisclosureResult;
}

/**
 * Checks a post as it will be stored. The triggers are the author's ambassador role or valid
 * contract, their staff flag, a paid challenge the post counts for, and what the checker finds
 * in the text (affiliate links, discount codes); the declaration adds `declared_paid`.
 */
export async function checkPostDisclosure(
  tx: Orm,
  draft: DisclosureDraft,
): Promise<PostDisclosure> {
  const author = await authorDisclosureContext(tx, draft.authorId, draft.spaceId);
  const result = checkDisclosure({
    text: draft.body,
    title: draft.title,
    market: author.market,
    declaredPaid: draft.paidDeclared,
    triggers: author.triggers,
    profileBio: author.bio,
  });
  const sponsored = result.badgeRequired;
  // The retailer is named as the sponsor only when the tie is with the retailer; a member's
  // own paid post or affiliate link shows a plain "Sponsored".
  const { ambassadorContract, staffOrFamily, paidChallenge } = author.triggers;
  const retailerTie = ambassadorContract || staffOrFamily || paidChallenge;
  return {
    paidDeclared: draft.paidDeclared,
    sponsored,
    sponsorLabel: sponsored && retailerTie ? author.brand : null,
    textSha256: createHash('sha256')
      .update(`${draft.title}\n\n${draft.body}`, 'utf8')
      .digest('hex'),
    result,
  };
}

/**
 * Refuses a post that needs a disclosure and whose check blocks (`needs_fix`); the details
 * carry the whole result, so the composer can show each failed rule. A post that only needs
 * review (`review`) is published with its label.
 */
export function assertDisclosed(check: PostDisclosure): void {
  const { result } = check;
  if (!result.needed.required || result.decision !== 'needs_fix') {
    return;
  }
  const failed = result.rules
    .filter((x) => x.outcome === 'failed' && x.severity === 'B')
    .map((x) => x.id);
  throw new GuildError(
    'disclosure_required',
    `This post needs a clear disclosure before it can be published (${failed.join(', ')}). ` +
      result.messages.join(' '),
    { field: 'body', disclosure: result },
  );
}

/** Stores the check on the post: the label it shows and the audit record. */
export async function saveDisclosure(
  tx: Orm,
  postId: string,
  check: PostDisclosure,
): Promise<void> {
  const ids = (outcome: string) =>
    check.result.rules.filter((x) => x.outcome === outcome).map((x) => x.id);
  const rules = {
    triggers: check.result.needed.triggers,
    passed: ids('passed'),
    failed: ids('failed'),
  };
  await tx.execute(
    sql`update posts
           set paid_declared = ${check.paidDeclared},
               sponsored = ${check.sponsored},
               sponsor_label = ${check.sponsorLabel},
               disclosure_decision = ${check.result.decision},
               disclosure_rules = ${JSON.stringify(rules)}::jsonb,
               disclosure_text_sha256 = ${check.textSha256},
               disclosure_checked_at = now()
         where id = ${postId}`,
  );
}

/** How far back a change of the author's status re-checks their posts. */
const RECHECK_DAYS = 90;
const RECHECK_MAX_POSTS = 200;

/**
 * Checks the author's recent published posts again after their status changed (they became
 * an ambassador, or stopped being one), as COMPLIANCE.md asks: each keeps its stored check up
 * to date and shows the "Sponsored" badge when a trigger now holds. Posts are not taken down;
 * returns how many were checked and how many now lack a clear disclosure in their text.
 */
export async function recheckRecentPosts(
  tx: Orm,
  authorId: string,
): Promise<{ checked: number; lacking: number }> {
  const posts = await sqlRows<{
    id: string;
    space_id: string;
    title: string;
    body_md: string;
    paid_declared: boolean;
  }>(
    tx,
    sql`select id, space_id, title, body_md, paid_declared from posts
         where author_id = ${authorId} and deleted_at is null
           and created_at > now() - make_interval(days => ${RECHECK_DAYS})
         order by created_at desc limit ${RECHECK_MAX_POSTS}`,
  );
  let lacking = 0;
  for (const post of posts) {
    const check = await checkPostDisclosure(tx, {
      authorId,
      spaceId: post.space_id,
      title: post.title,
      body: post.body_md,
      paidDeclared: post.paid_declared,
    });
    await saveDisclosure(tx, post.id, check);
    if (check.result.needed.required && check.result.decision === 'needs_fix') {
      lacking += 1;
    }
  }
  return { checked: posts.length, lacking };
}
