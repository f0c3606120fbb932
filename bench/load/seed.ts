/**
 * Fills the load benchmark's database before anything is timed, through Guild's own services
 * inside tenant transactions: the tenant `bench`, a points manager, groups of members
 * (one per measured run, and a small one to warm the processes up), four public spaces with posts and comments that passed the
 * moderation gate, and a session for every account.
 *
 * The accounts are then made 90 days old and their seed items an hour older than the run, so
 * the members are established ones: neither new-account caution nor the per-member
 * items-per-hour count of the moderation gate (src/moderation/gate.ts, authorContext) sees
 * the seeding itself.
 */
import { sql } from 'drizzle-orm';
import type { GuildConfig } from '../../src/core/config/config.js';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';
import type { Actor } from '../../src/core/http/request-context.js';
import type { Role } from '../../src/core/http/access.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { createAccount } from '../../src/accounts/accounts.service.js';
import { startSession } from '../../src/accounts/sessions.js';
import { createComment } from '../../src/community/comments.service.js';
import { createPost } from '../../src/community/posts.service.js';
import { createSpace } from '../../src/community/spaces.service.js';
import { createModeration } from '../../src/moderation/moderation.js';
import type { ModerationGate } from '../../src/moderation/gate.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { commentText, postText } from './text.js';

export const TENANT = 'bench';
const PASSWORD = 'quiet-harbour-lantern-82';
const SPACES = ['gear-talk', 'style-advice', 'home-and-garden', 'store-news'];
const POSTS_PER_SPACE = 150;
const COMMENTS_PER_POST = 2;
/** Accounts hashed at once (argon2 runs on libuv's threads). */
const PARALLEL_ACCOUNTS = 4;

/** A signed-in account as the load generator uses it. */
export interface Session {
  userId: string;
  token: string;
  csrf: string;
}

export interface Fixture {
  tenantId: string;
  manager: Session;
  /** One group of members per measured run, so each run's writes are their own. */
  groups: Session[][];
  spaces: string[];
  postIds: string[];
  seconds: number;
}

function actorOf(userId: string, username: string, role: Role): Actor {
  return { userId, role, username, displayName: `Bench ${username}`, locale: 'en-GB' };
}

async function addAccount(db: Database, tenantId: string, username: string, role: Role) {
  const userId = await db.tenant(tenantId, (tx) =>
    createAccount(
      tx,
      tenantId,
      {
        email: `${username}@bench.example.com`,
        username,
        displayName: `Bench ${username}`,
        password: PASSWORD,
        regionCode: 'UK',
        role,
      },
      { emailVerified: true },
    ),
  );
  return actorOf(userId, username, role);
}

async function addAccounts(db: Database, tenantId: string, names: string[]): Promise<Actor[]> {
  const made: Actor[] = [];
  for (let start = 0; start < names.length; start += PARALLEL_ACCOUNTS) {
    const batch = names.slice(start, start + PARALLEL_ACCOUNTS);
    made.push(...(await Promise.all(batch.map((n) => addAccount(db, tenantId, n, 'member')))));
  }
  return made;
}

function addTenant(db: Database): Promise<string> {
  return createTenant(db, {
    slug: TENANT,
    name: 'Bench Outfitters',
    defaultLocale: 'en-GB',
    regions: [
      {
        code: 'UK',
        name: 'United Kingdom',
        currency: 'GBP',
        locale: 'en-GB',
        timezone: 'Europe/London',
      },
    ],
    segments: [],
  });
}

async function addContent(
  db: Database,
  tenantId: string,
  authors: Actor[],
  gate: ModerationGate,
): Promise<{ spaces: string[]; postIds: string[] }> {
  const postIds: string[] = [];
  let n = 0;
  for (const slug of SPACES) {
    const space = await db.tenant(tenantId, (tx) =>
      createSpace(tx, authors[0]!, tenantId, {
        slug,
        name: slug.replace(/-/g, ' '),
        visibility: 'public',
        kind: 'topic',
        regionCode: 'UK',
      }),
    );
    for (let i = 0; i < POSTS_PER_SPACE; i += 1) {
      n += 1;
      const author = authors[n % authors.length]!;
      const id = await db.tenant(tenantId, async (tx) => {
        const post = await createPost(tx, author, tenantId, space, postText(n), gate);
        for (let c = 1; c <= COMMENTS_PER_POST; c += 1) {
          const who = authors[(n + c * 7) % authors.length]!;
          await createComment(tx, who, post.id, commentText(n * 3 + c), gate);
        }
        return post.id;
      });
      postIds.push(id);
    }
  }
  return { spaces: SPACES, postIds };
}

/** Established members: accounts 90 days old, seed activity older than the last hour. */
async function ageEverything(db: Database, tenantId: string): Promise<void> {
  await db.tenant(tenantId, async (tx) => {
    await tx.execute(sql`UPDATE users SET created_at = now() - interval '90 days'`);
    await tx.execute(
      sql`UPDATE moderation_checks SET created_at = created_at - interval '2 hours'`,
    );
  });
}

async function sessionFor(db: Database, tenantId: string, actor: Actor): Promise<Session> {
  const started = await db.tenant(tenantId, (tx) =>
    startSession(tx, {
      tenantId,
      userId: actor.userId,
      ip: '127.0.0.1',
      userAgent: 'guild-bench-load',
      days: 1,
    }),
  );
  return { userId: actor.userId, token: started.token, csrf: started.csrfToken };
}

/**
 * Migrates the database and seeds it, with a group of members per entry of `groupSizes`.
 * Progress goes to `progress`.
 */
export async function seed(
  config: GuildConfig,
  groupSizes: number[],
  progress: (line: string) => void,
): Promise<Fixture> {
  const started = performance.now();
  const db = openDatabase(config.database);
  try {
    await migrate(db);
    const tenantId = await addTenant(db);
    const manager = await addAccount(db, tenantId, 'bench_manager', 'manager');
    const total = groupSizes.reduce((sum, n) => sum + n, 0);
    const names = Array.from({ length: total }, (_, i) => `bench_m${i + 1}`);
    progress(`seeding: ${names.length} members and a manager`);
    const members = await addAccounts(db, tenantId, names);
    progress(`seeding: ${SPACES.length} spaces, ${SPACES.length * POSTS_PER_SPACE} posts`);
    const gate = createModeration(config, createLogger('silent')).gate;
    const content = await addContent(db, tenantId, members, gate);
    await ageEverything(db, tenantId);
    await db.exec('VACUUM ANALYZE');
    const sessions: Session[] = [];
    for (const member of members) {
      sessions.push(await sessionFor(db, tenantId, member));
    }
    let from = 0;
    const grouped = groupSizes.map((size) => sessions.slice(from, (from += size)));
    return {
      tenantId,
      manager: await sessionFor(db, tenantId, manager),
      groups: grouped,
      spaces: content.spaces,
      postIds: content.postIds,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await db.close();
  }
}
