/**
 * Loads the generated demo community into the database: one tenant, flagged as a demo, made
 * in a single transaction so a failure leaves nothing half-made. Only the demo sign-in
 * accounts get passwords; the other members are like imported customers who never set one.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database, Orm } from '../core/db/database.js';
import { users } from '../accounts/accounts.table.js';
import { hashPassword } from '../accounts/credentials.js';
import { canonicalUsername } from '../accounts/username.js';
import {
  comments,
  follows,
  posts,
  reactions,
  spaceMembers,
  spaces,
} from '../community/community.table.js';
import { markdownExcerpt, renderMarkdown } from '../community/markdown.js';
import { createTenant } from '../tenancy/tenancy.service.js';
import { seedDemoAmbassadors } from './demo-ambassadors.js';
import { seedDemoPrivacy } from './demo-privacy.js';
import { seedDemoSubmissions } from './demo-submissions.js';
import { seedDemoProgram, settleDemoHistory } from './demo-gamification.js';
import { regions, segments, userSegments } from '../tenancy/tenancy.table.js';
import {
  buildDemoCommunity,
  DEMO_SIGN_INS,
  type DemoCommunity,
  type DemoOptions,
} from './demo-content.js';

const BATCH = 500;

async function insertInBatches<T>(items: T[], write: (batch: T[]) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += BATCH) {
    await write(items.slice(start, start + BATCH));
  }
}

export interface DemoSummary {
  tenantSlug: string;
  members: number;
  spaces: number;
  posts: number;
  comments: number;
  signIns: typeof DEMO_SIGN_INS;
}

/** Refuses to seed where the tenant exists already; returns what was created. */
export async function seedDemo(db: Database, options: DemoOptions = {}): Promise<DemoSummary> {
  const demo = buildDemoCommunity(options);
  const existing = await db.query('SELECT 1 FROM tenants WHERE slug = $1', [demo.tenant.slug]);
  if (existing.length > 0) {
    throw new Error(
      `A tenant named "${demo.tenant.slug}" exists already; the demo is not reseeded.`,
    );
  }

  const tenantId = await createTenant(db, {
    ...demo.tenant,
    isDemo: true,
    regions: demo.regions.map(({ code, name, currency, locale, timezone }) => ({
      code,
      name,
      currency,
      locale,
      timezone,
    })),
    segments: demo.segments,
  });
  const hashes = new Map<string, string>();
  for (const signIn of DEMO_SIGN_INS) {
    hashes.set(signIn.email, await hashPassword(signIn.password));
  }
  const counts = await db.tenant(tenantId, (tx) => writeCommunity(tx, tenantId, demo, hashes));
  await db.tenant(tenantId, async (tx) => {
    const [manager] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.role, 'manager'))
      .limit(1);
    const regionIds = new Map(
      (await tx.select({ id: regions.id, code: regions.code }).from(regions)).map((r) => [
        r.code,
        r.id,
      ]),
    );
    await seedDemoProgram(tx, tenantId, manager!.id, regionIds);
  });
  await settleDemoHistory(db, tenantId);
  const [manager] = await db.tenant(tenantId, (tx) =>
    tx.select({ id: users.id }).from(users).where(eq(users.role, 'manager')).limit(1),
  );
  await seedDemoAmbassadors(db, tenantId, manager!.id);
  await seedDemoSubmissions(db, tenantId, manager!.id);
  await seedDemoPrivacy(db, tenantId);
  // Fresh statistics after a bulk load, so the first feeds use their indexes.
  await db.exec('VACUUM ANALYZE');
  return { tenantSlug: demo.tenant.slug, ...counts, signIns: DEMO_SIGN_INS };
}

async function writeCommunity(
  tx: Orm,
  tenantId: string,
  demo: DemoCommunity,
  hashes: Map<string, string>,
) {
  const regionIds = new Map(
    (await tx.select({ id: regions.id, code: regions.code }).from(regions)).map((r) => [
      r.code,
      r.id,
    ]),
  );
  const segmentIds = new Map(
    (await tx.select({ id: segments.id, key: segments.key }).from(segments)).map((s) => [
      s.key,
      s.id,
    ]),
  );

  const memberIds = await writeMembers(tx, tenantId, demo, regionIds, hashes);
  const spaceIds = await writeSpaces(tx, tenantId, demo, regionIds, memberIds);
  await insertInBatches(
    demo.members.flatMap((m) =>
      m.segmentKeys.map((key) => ({
        tenantId,
        userId: memberIds.get(m.key)!,
        segmentId: segmentIds.get(key)!,
      })),
    ),
    (batch) => tx.insert(userSegments).values(batch),
  );
  const commentCount = await writePosts(tx, tenantId, demo, memberIds, spaceIds);
  await insertInBatches(
    demo.follows.map((f) => ({
      tenantId,
      userId: memberIds.get(f.memberKey)!,
      targetType: 'space' as const,
      targetId: spaceIds.get(f.spaceKey)!,
    })),
    (batch) => tx.insert(follows).values(batch).onConflictDoNothing(),
  );
  await tx.execute(sql`UPDATE spaces s SET post_count =
    (SELECT count(*) FROM posts p WHERE p.space_id = s.id AND p.deleted_at IS NULL)`);

  return {
    members: demo.members.length,
    spaces: demo.spaces.length,
    posts: demo.posts.length,
    comments: commentCount,
  };
}

async function writeMembers(
  tx: Orm,
  tenantId: string,
  demo: DemoCommunity,
  regionIds: Map<string, string>,
  hashes: Map<string, string>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await insertInBatches(demo.members, async (batch) => {
    const rows = await tx
      .insert(users)
      .values(
        batch.map((m) => ({
          tenantId,
          email: m.email,
          username: m.username,
          usernameKey: canonicalUsername(m.username),
          displayName: m.displayName,
          bio: m.bio,
          role: m.role,
          locale: m.locale,
          regionId: regionIds.get(m.regionCode) ?? null,
          passwordHash: hashes.get(m.email) ?? null,
          // Demo members count as verified, like the accounts an operator creates.
          emailVerifiedAt: m.joinedAt,
          createdAt: m.joinedAt,
          updatedAt: m.joinedAt,
        })),
      )
      .returning({ id: users.id, email: users.email });
    const byEmail = new Map(rows.map((r) => [r.email, r.id]));
    batch.forEach((m) => ids.set(m.key, byEmail.get(m.email)!));
  });
  return ids;
}

async function writeSpaces(
  tx: Orm,
  tenantId: string,
  demo: DemoCommunity,
  regionIds: Map<string, string>,
  memberIds: Map<string, string>,
): Promise<Map<string, string>> {
  const rows = await tx
    .insert(spaces)
    .values(
      demo.spaces.map((s) => ({
        tenantId,
        slug: s.slug,
        name: s.name,
        description: s.description,
        visibility: s.visibility,
        kind: s.kind,
        regionId: s.regionCode ? (regionIds.get(s.regionCode) ?? null) : null,
        segmentKeys: s.segmentKeys,
      })),
    )
    .returning({ id: spaces.id, slug: spaces.slug });
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const ids = new Map(demo.spaces.map((s) => [s.key, bySlug.get(s.slug)!]));

  // A private space without segments (the ambassador lounge) is for ambassadors.
  const ambassadors = demo.members.filter((m) => m.role === 'ambassador');
  const lounges = demo.spaces.filter(
    (s) => s.visibility === 'private' && s.segmentKeys.length === 0,
  );
  const memberships = lounges.flatMap((s) =>
    ambassadors.map((m) => ({ tenantId, spaceId: ids.get(s.key)!, userId: memberIds.get(m.key)! })),
  );
  await insertInBatches(memberships, (batch) => tx.insert(spaceMembers).values(batch));
  return ids;
}

async function writePosts(
  tx: Orm,
  tenantId: string,
  demo: DemoCommunity,
  memberIds: Map<string, string>,
  spaceIds: Map<string, string>,
): Promise<number> {
  const mentionable = new Map(demo.members.map((m) => [canonicalUsername(m.username), m.username]));
  const render = (body: string) => renderMarkdown(body, { mentions: mentionable });
  const member = (key: string) => memberIds.get(key)!;

  // Ids are made here so that posts, threads and answers can all be written in batches.
  const postIds = new Map(demo.posts.map((p) => [p.key, randomUUID()]));
  const commentIds = new Map(
    demo.posts.flatMap((p) => p.comments.map((c) => [c.key, randomUUID()])),
  );

  await insertInBatches(demo.posts, (batch) =>
    tx.insert(posts).values(
      batch.map((p) => ({
        id: postIds.get(p.key)!,
        tenantId,
        spaceId: spaceIds.get(p.spaceKey)!,
        authorId: member(p.authorKey),
        title: p.title,
        bodyMd: p.body,
        bodyHtml: render(p.body),
        excerpt: markdownExcerpt(p.body, 240),
        bodyText: markdownExcerpt(p.body, 100_000),
        tags: p.tags,
        commentCount: p.comments.length,
        reactionCount: p.reactions.length,
        createdAt: p.createdAt,
        updatedAt: p.createdAt,
      })),
    ),
  );

  const allComments = demo.posts.flatMap((p) => p.comments.map((c) => ({ post: p, c })));
  await insertInBatches(allComments, (batch) =>
    tx.insert(comments).values(
      batch.map(({ post, c }) => ({
        id: commentIds.get(c.key)!,
        tenantId,
        postId: postIds.get(post.key)!,
        authorId: member(c.authorKey),
        parentId: c.parentKey ? commentIds.get(c.parentKey)! : null,
        bodyMd: c.body,
        bodyHtml: render(c.body),
        createdAt: c.createdAt,
        updatedAt: c.createdAt,
      })),
    ),
  );

  for (const post of demo.posts.filter((p) => p.acceptedCommentKey !== null)) {
    await tx
      .update(posts)
      .set({ acceptedCommentId: commentIds.get(post.acceptedCommentKey!)! })
      .where(eq(posts.id, postIds.get(post.key)!));
  }

  const allReactions = demo.posts.flatMap((p) =>
    p.reactions.map((r) => ({
      tenantId,
      userId: member(r.memberKey),
      targetType: 'post' as const,
      targetId: postIds.get(p.key)!,
      kind: r.kind,
    })),
  );
  await insertInBatches(allReactions, (batch) =>
    tx.insert(reactions).values(batch).onConflictDoNothing(),
  );
  return allComments.length;
}
