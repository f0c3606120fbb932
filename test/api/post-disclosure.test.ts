/**
 * Disclosure on community posts over real HTTP (DISC-01, DISC-09): a post that needs a
 * disclosure and lacks an upfront one is refused with the failed rules; a labelled one is
 * published with the "Sponsored" label and the stored check (decision, rule ids, text hash);
 * a plain member's post is untouched; the author's declaration labels a post; edits re-check.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAmbassadorRole } from '../../src/accounts/accounts.service.js';
import { recheckRecentPosts } from '../../src/community/disclosure.js';
import { sqlRows } from '../../src/core/db/database.js';
import {
  createChallenge,
  joinChallenge,
  publishChallenge,
} from '../../src/gamification/achievements/challenges.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let ambassador: TestClient;
let member: TestClient;

interface Rule {
  id: string;
  outcome: string;
  severity: string;
  message: string;
}
interface Post {
  id: string;
  title: string;
  bodyMarkdown: string;
  sponsored: boolean;
  sponsorLabel: string | null;
  paidDeclared: boolean;
}
interface FeedPost {
  id: string;
  sponsored: boolean;
  sponsorLabel: string | null;
}
interface Refusal {
  error: {
    code: string;
    message: string;
    details: { disclosure: { decision: string; messages: string[]; rules: Rule[] } };
  };
}
interface StoredCheck {
  paid_declared: boolean;
  sponsored: boolean;
  sponsor_label: string | null;
  disclosure_decision: string | null;
  disclosure_rules: { triggers: string[]; passed: string[]; failed: string[] } | null;
  disclosure_text_sha256: string | null;
  disclosure_checked_at: Date | string | null;
}

const SPACE = 'gear-talk';
const BRAND = 'Tenant alpha';
const FILLER =
  'These trail shoes held up on a 20 km hike over wet rock and gravel, my feet stayed dry ' +
  'and the grip never slipped once on the way down the ridge, even in the rain.';

async function signedIn(role: 'member' | 'ambassador' | 'manager'): Promise<TestClient> {
  const client = new TestClient(guild.url);
  await client.signIn(await addMember(guild, tenantId, role));
  return client;
}

function publish(
  client: TestClient,
  post: { title: string; body: string; paidDeclared?: boolean },
) {
  return client.post<Post & Refusal>(`/api/v1/spaces/${SPACE}/posts`, post);
}

async function stored(postId: string): Promise<StoredCheck> {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<StoredCheck>(
      tx,
      sql`select paid_declared, sponsored, sponsor_label, disclosure_decision, disclosure_rules,
                 disclosure_text_sha256, disclosure_checked_at
            from posts where id = ${postId}`,
    ),
  );
  return row!;
}

async function feedEntry(postId: string): Promise<FeedPost | undefined> {
  const feed = await member.get<{ items: FeedPost[] }>(`/api/v1/spaces/${SPACE}/posts`);
  return feed.body.items.find((item) => item.id === postId);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const failedIds = (refusal: Refusal) =>
  refusal.error.details.disclosure.rules.filter((x) => x.outcome === 'failed').map((x) => x.id);

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const manager = await signedIn('manager');
  const created = await manager.post('/api/v1/spaces', {
    slug: SPACE,
    name: 'Gear talk',
    visibility: 'public',
    kind: 'topic',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  ambassador = await signedIn('ambassador');
  member = await signedIn('member');
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('an ambassador posting', () => {
  it('is refused with the failed rules when the #ad is buried at the end', async () => {
    const title = 'Trail shoes after a month';
    const result = await publish(ambassador, { title, body: `${FILLER} #fun #hike #ad` });

    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(result.body.error.code).toBe('disclosure_required');
    const { disclosure } = result.body.error.details;
    expect(disclosure.decision).toBe('needs_fix');
    expect(failedIds(result.body)).toEqual(expect.arrayContaining(['DISC-04', 'DISC-05']));
    expect(disclosure.messages.some((m) => m.startsWith('DISC-04: '))).toBe(true);
    expect(result.body.error.message).toContain('DISC-04');

    const feed = await member.get<{ items: Post[] }>(`/api/v1/spaces/${SPACE}/posts`);
    expect(feed.body.items.map((p) => p.title)).not.toContain(title);
  });

  it('publishes with "Ad:" first, labelled, and stores the check for audit', async () => {
    const title = 'Trail shoes, one month in';
    const body = `Ad: ${FILLER}`;
    const result = await publish(ambassador, { title, body });

    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body).toMatchObject({
      sponsored: true,
      sponsorLabel: BRAND,
      paidDeclared: false,
    });
    const check = await stored(result.body.id);
    expect(check.disclosure_decision).toBe('ok');
    expect(check.disclosure_rules?.triggers).toEqual(['ambassador_contract']);
    expect(check.disclosure_rules?.passed).toEqual(expect.arrayContaining(['DISC-01', 'DISC-04']));
    expect(check.disclosure_rules?.failed).toEqual([]);
    expect(check.disclosure_text_sha256).toBe(sha256(`${title}\n\n${body}`));
    expect(check.disclosure_checked_at).not.toBeNull();

    const shown = await member.get<Post>(`/api/v1/posts/${result.body.id}`);
    expect(shown.body).toMatchObject({ sponsored: true, sponsorLabel: BRAND });
    expect(await feedEntry(result.body.id)).toMatchObject({ sponsored: true, sponsorLabel: BRAND });
    const search = await member.get<{ items: FeedPost[] }>('/api/v1/search?q=ridge');
    expect(search.body.items.find((item) => item.id === result.body.id)).toMatchObject({
      sponsored: true,
      sponsorLabel: BRAND,
    });
  });

  it('publishes a post that only needs review, labelled, storing the decision', async () => {
    const result = await publish(ambassador, {
      title: 'A tea that works',
      body: 'Ad: this tea made me lose 10 kg in a week, guaranteed.',
    });

    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body.sponsored).toBe(true);
    const check = await stored(result.body.id);
    expect(check.disclosure_decision).toBe('review');
    expect(check.disclosure_rules?.failed).toContain('DISC-12');
  });
});

describe('a plain member posting', () => {
  it('is untouched: published without a label', async () => {
    const result = await publish(member, {
      title: 'Do these run large?',
      body: `Asking before I order. ${FILLER}`,
    });

    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body).toMatchObject({
      sponsored: false,
      sponsorLabel: null,
      paidDeclared: false,
    });
    const check = await stored(result.body.id);
    expect(check.disclosure_decision).toBe('ok');
    expect(check.disclosure_rules?.triggers).toEqual([]);
    expect(await feedEntry(result.body.id)).toMatchObject({ sponsored: false, sponsorLabel: null });
  });

  it('is labelled when declared paid; refused when declared paid unlabelled', async () => {
    const labelled = await publish(member, {
      title: 'My new rain jacket',
      body: 'Sponsored: the shop sent me this jacket. It kept me dry all week.',
      paidDeclared: true,
    });
    expect(labelled.status, JSON.stringify(labelled.body)).toBe(201);
    // Declared paid by a member with no tie to the retailer: "Sponsored", naming no brand.
    expect(labelled.body).toMatchObject({
      sponsored: true,
      sponsorLabel: null,
      paidDeclared: true,
    });
    expect((await stored(labelled.body.id)).disclosure_rules?.triggers).toEqual(['declared_paid']);

    const bare = await publish(member, {
      title: 'My other rain jacket',
      body: 'It kept me dry all week.',
      paidDeclared: true,
    });
    expect(bare.status, JSON.stringify(bare.body)).toBe(422);
    expect(failedIds(bare.body)).toContain('DISC-01');
  });

  it('needs a label when the text carries a personal discount code', async () => {
    const result = await publish(member, {
      title: 'Half price boots',
      body: 'These boots are great. Use code MARA15 at checkout for 15% off.',
    });
    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(failedIds(result.body)).toContain('DISC-01');
  });
});

describe('a post made for a paid challenge', () => {
  it('needs a label from a member who joined a running challenge with a prize', async () => {
    const account = await addMember(guild, tenantId, 'member');
    const entrant = new TestClient(guild.url);
    await entrant.signIn(account);
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await guild.db.tenant(tenantId, async (tx) => {
      const [me] = await sqlRows<{ id: string }>(
        tx,
        sql`select id from users where username = ${account.username}`,
      );
      const challenge = await createChallenge(
        tx,
        tenantId,
        {
          title: 'Trail week',
          startsAt: `${day(-1)}T00:00`,
          endsAt: `${day(5)}T23:59`,
          steps: [{ title: 'Post a trail tip', kind: 'online', activityKind: 'post_published' }],
          prizePoints: 50,
          disclosureText: 'Start your trail week posts with "Ad:".',
        },
        null,
      );
      await publishChallenge(tx, challenge.id);
      await joinChallenge(tx, tenantId, me!.id, challenge.id);
    });

    const bare = await publish(entrant, { title: 'Trail week tip', body: 'Pack a spare layer.' });
    expect(bare.status, JSON.stringify(bare.body)).toBe(422);
    expect(failedIds(bare.body)).toContain('DISC-01');

    const labelled = await publish(entrant, {
      title: 'Trail week tip',
      body: 'Ad: entering the trail week challenge. Pack a spare layer.',
    });
    expect(labelled.status, JSON.stringify(labelled.body)).toBe(201);
    expect(labelled.body).toMatchObject({ sponsored: true, sponsorLabel: BRAND });
    expect((await stored(labelled.body.id)).disclosure_rules?.triggers).toEqual(['paid_challenge']);
  });
});

describe('editing a post', () => {
  it('re-runs the check: dropping the label is refused, a new text is hashed again', async () => {
    const title = 'Boots after a winter';
    const created = await publish(ambassador, { title, body: 'Ad: warm and dry all winter.' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/api/v1/posts/${created.body.id}`;

    const unlabelled = await ambassador.patch<Refusal>(path, { body: 'Warm and dry all winter.' });
    expect(unlabelled.status, JSON.stringify(unlabelled.body)).toBe(422);
    expect(failedIds(unlabelled.body)).toContain('DISC-01');
    expect((await member.get<Post>(path)).body.bodyMarkdown).toBe('Ad: warm and dry all winter.');

    const body = 'Ad: warm and dry all winter, and the soles held.';
    const edited = await ambassador.patch<Post>(path, { body });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ sponsored: true, sponsorLabel: BRAND });
    expect((await stored(created.body.id)).disclosure_text_sha256).toBe(
      sha256(`${title}\n\n${body}`),
    );
  });

  it('labels a plain post once declared paid, and keeps the declaration', async () => {
    const created = await publish(member, { title: 'Hiking socks', body: 'Ad: soft and warm.' });
    expect(created.body).toMatchObject({ sponsored: false, paidDeclared: false });
    const path = `/api/v1/posts/${created.body.id}`;

    const declared = await member.patch<Post>(path, { paidDeclared: true });
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    expect(declared.body).toMatchObject({ sponsored: true, paidDeclared: true });

    const retitled = await member.patch<Post>(path, { title: 'Hiking socks, a review' });
    expect(retitled.body).toMatchObject({ sponsored: true, paidDeclared: true });
  });

  it('checks a member’s recent posts again when they become an ambassador', async () => {
    const account = await addMember(guild, tenantId, 'member');
    const client = new TestClient(guild.url);
    await client.signIn(account);
    const created = await publish(client, { title: 'New boots', body: FILLER });
    expect(created.body).toMatchObject({ sponsored: false });
    const outcome = await guild.db.tenant(tenantId, async (tx) => {
      const [row] = await sqlRows<{ id: string }>(
        tx,
        sql`select id from users where username = ${account.username}`,
      );
      expect(await setAmbassadorRole(tx, row!.id, true)).toBe(true);
      return recheckRecentPosts(tx, row!.id);
    });
    // The post has no label in its text, so it now lacks one; the badge marks it meanwhile.
    expect(outcome).toEqual({ checked: 1, lacking: 1 });
    expect(await stored(created.body.id)).toMatchObject({
      sponsored: true,
      disclosure_decision: 'needs_fix',
    });
    expect((await feedEntry(created.body.id))?.sponsored).toBe(true);
  });
});
