import { describe, it, expect } from 'vitest';
import { checkUsername, canonicalUsername } from '../accounts/username.js';
import { checkPassword } from '../accounts/password-policy.js';
import { buildDemoCommunity, DEMO_SIGN_INS, type DemoCommunity } from './demo-content.js';

const community = buildDemoCommunity();
const DAY = 24 * 60 * 60 * 1000;

function memberIndex(demo: DemoCommunity) {
  return new Map(demo.members.map((m) => [m.key, m]));
}

function allComments(demo: DemoCommunity) {
  return demo.posts.flatMap((post) => post.comments.map((comment) => ({ post, comment })));
}

describe('buildDemoCommunity: shape and determinism', () => {
  it('gives deep-equal output for equal options', () => {
    const options = { seed: 7, members: 400, posts: 150 };
    expect(buildDemoCommunity(options)).toEqual(buildDemoCommunity(options));
    expect(buildDemoCommunity()).toEqual(community);
  });

  it('gives different content for a different seed', () => {
    const a = buildDemoCommunity({ seed: 1, members: 200, posts: 50 });
    const b = buildDemoCommunity({ seed: 2, members: 200, posts: 50 });
    expect(a.posts.map((p) => p.title)).not.toEqual(b.posts.map((p) => p.title));
  });

  it('has the default counts and about three comments per post', () => {
    expect(community.members).toHaveLength(3000);
    expect(community.posts).toHaveLength(1200);
    const average = allComments(community).length / community.posts.length;
    expect(average).toBeGreaterThan(2.5);
    expect(average).toBeLessThan(4);
  });

  it('matches the requested counts', () => {
    const demo = buildDemoCommunity({ seed: 3, members: 120, posts: 33 });
    expect(demo.members).toHaveLength(120);
    expect(demo.posts).toHaveLength(33);
  });

  it('works with only the sign-in accounts and refuses fewer', () => {
    const tiny = buildDemoCommunity({ members: DEMO_SIGN_INS.length, posts: 40 });
    expect(tiny.members).toHaveLength(DEMO_SIGN_INS.length);
    expect(tiny.posts).toHaveLength(40);
    expect(() => buildDemoCommunity({ members: 2 })).toThrow(RangeError);
    expect(() => buildDemoCommunity({ posts: -1 })).toThrow(RangeError);
  });

  it('describes the tenant, three regions and the segments', () => {
    expect(community.tenant).toMatchObject({ slug: 'demo', defaultLocale: 'en-GB' });
    expect(community.regions.map((r) => [r.code, r.currency, r.locale, r.timezone])).toEqual([
      ['UK', 'GBP', 'en-GB', 'Europe/London'],
      ['US', 'USD', 'en-US', 'America/New_York'],
      ['DE', 'EUR', 'de-DE', 'Europe/Berlin'],
    ]);
    expect(community.segments.map((s) => s.key)).toEqual(expect.arrayContaining(
      ['loyalty-gold', 'new-customer', 'home-enthusiast', 'style-insider', 'store-regular']));
  });
});

describe('buildDemoCommunity: members', () => {
  it('has unique emails and case-insensitively unique usernames', () => {
    const emails = community.members.map((m) => m.email);
    expect(new Set(emails).size).toBe(emails.length);
    const lower = community.members.map((m) => m.username.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
    const canonical = community.members.map((m) => canonicalUsername(m.username));
    expect(new Set(canonical).size).toBe(canonical.length);
  });

  it('uses valid ASCII usernames and lowercase example emails', () => {
    for (const m of community.members) {
      expect(m.username).toMatch(/^[A-Za-z][A-Za-z0-9_.-]{1,28}[A-Za-z0-9_]$/);
      expect(checkUsername(m.username).ok).toBe(true);
      expect(m.email).toBe(m.email.toLowerCase());
      expect(m.email).toMatch(/^[a-z0-9._-]+@([a-z0-9-]+\.)*example(\.[a-z]+)+$/);
    }
  });

  it('starts with the sign-in accounts, with their roles', () => {
    DEMO_SIGN_INS.forEach((signIn, index) => {
      const member = community.members[index];
      expect(member?.email).toBe(signIn.email);
      expect(member?.role).toBe(signIn.role);
      expect(checkPassword(signIn.password, { email: signIn.email }).ok).toBe(true);
    });
    expect(DEMO_SIGN_INS.map((s) => s.role)).toEqual(
      ['admin', 'manager', 'moderator', 'ambassador', 'member']);
  });

  it('has about forty more ambassadors and a handful of moderators', () => {
    const count = (role: string) => community.members.filter((m) => m.role === role).length;
    expect(count('ambassador')).toBeGreaterThanOrEqual(40);
    expect(count('ambassador')).toBeLessThanOrEqual(45);
    expect(count('moderator')).toBeGreaterThanOrEqual(4);
    expect(count('moderator')).toBeLessThanOrEqual(10);
  });

  it('gives German members the de-DE locale and known segments', () => {
    const segmentKeys = new Set(community.segments.map((s) => s.key));
    for (const m of community.members) {
      expect(m.locale).toBe(community.regions.find((r) => r.code === m.regionCode)?.locale);
      m.segmentKeys.forEach((key) => expect(segmentKeys.has(key)).toBe(true));
    }
  });
});

describe('buildDemoCommunity: spaces', () => {
  it('has 12 to 16 spaces with valid, unique slugs', () => {
    expect(community.spaces.length).toBeGreaterThanOrEqual(12);
    expect(community.spaces.length).toBeLessThanOrEqual(16);
    const slugs = community.spaces.map((s) => s.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    slugs.forEach((slug) => expect(slug).toMatch(/^[a-z0-9][a-z0-9-]{1,60}$/));
  });

  it('has the private loyalty space and the ambassador lounge', () => {
    const privateSpaces = community.spaces.filter((s) => s.visibility === 'private');
    expect(privateSpaces.map((s) => s.segmentKeys)).toEqual(
      expect.arrayContaining([['loyalty-gold'], []]));
    expect(privateSpaces.some((s) => s.name === 'Ambassador Lounge')).toBe(true);
  });

  it('writes German in the German region space', () => {
    const de = community.spaces.find((s) => s.kind === 'region' && s.regionCode === 'DE');
    const posts = community.posts.filter((p) => p.spaceKey === de?.key);
    expect(posts.length).toBeGreaterThan(20);
    const text = posts.flatMap((p) => [p.body, ...p.comments.map((c) => c.body)]).join(' ');
    for (const word of [' und ', ' ist ', ' die ']) {
      expect(text).toContain(word);
    }
    const members = memberIndex(community);
    for (const p of posts) {
      expect(members.get(p.authorKey)?.locale).toBe('de-DE');
    }
  });
});

describe('buildDemoCommunity: references and time order', () => {
  const members = memberIndex(community);
  const spaceKeys = new Set(community.spaces.map((s) => s.key));

  it('only refers to existing members and spaces', () => {
    for (const post of community.posts) {
      expect(members.has(post.authorKey)).toBe(true);
      expect(spaceKeys.has(post.spaceKey)).toBe(true);
      post.comments.forEach((c) => expect(members.has(c.authorKey)).toBe(true));
      post.reactions.forEach((r) => expect(members.has(r.memberKey)).toBe(true));
    }
    for (const follow of community.follows) {
      expect(members.has(follow.memberKey)).toBe(true);
      expect(spaceKeys.has(follow.spaceKey)).toBe(true);
    }
  });

  it('has unique post and comment keys', () => {
    const keys = [...community.posts.map((p) => p.key), ...allComments(community)
      .map(({ comment }) => comment.key)];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('points parents and accepted answers at comments of the same post', () => {
    let accepted = 0;
    for (const post of community.posts) {
      const byKey = new Map(post.comments.map((c, index) => [c.key, index]));
      post.comments.forEach((c, index) => {
        if (c.parentKey !== null) {
          expect(byKey.get(c.parentKey)).toBeLessThan(index);
        }
      });
      if (post.acceptedCommentKey !== null) {
        accepted += 1;
        expect(byKey.has(post.acceptedCommentKey)).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it('dates content in the 180 days before now, after joins, posts and parents', () => {
    const now = new Date('2026-11-30T12:00:00Z').getTime();
    for (const post of community.posts) {
      const at = post.createdAt.getTime();
      expect(at).toBeGreaterThan(now - 180 * DAY);
      expect(at).toBeLessThan(now);
      expect(members.get(post.authorKey)!.joinedAt.getTime()).toBeLessThan(at);
      const times = new Map(post.comments.map((c) => [c.key, c.createdAt.getTime()]));
      for (const c of post.comments) {
        const cAt = c.createdAt.getTime();
        expect(cAt).toBeGreaterThan(at);
        expect(cAt).toBeLessThan(now);
        expect(members.get(c.authorKey)!.joinedAt.getTime()).toBeLessThan(cAt);
        if (c.parentKey !== null) {
          expect(cAt).toBeGreaterThan(times.get(c.parentKey)!);
        }
      }
    }
  });

  it('honours a given `now`', () => {
    const now = new Date('2025-03-01T08:00:00Z');
    const demo = buildDemoCommunity({ members: 100, posts: 30, now });
    for (const post of demo.posts) {
      expect(post.createdAt.getTime()).toBeLessThan(now.getTime());
      expect(post.createdAt.getTime()).toBeGreaterThan(now.getTime() - 180 * DAY);
    }
  });
});

describe('buildDemoCommunity: reactions and follows', () => {
  it('never lets authors react to their own post', () => {
    for (const post of community.posts) {
      post.reactions.forEach((r) => expect(r.memberKey).not.toBe(post.authorKey));
    }
  });

  it('has at most one reaction per member and kind on a post', () => {
    for (const post of community.posts) {
      const pairs = post.reactions.map((r) => `${r.memberKey}|${r.kind}`);
      expect(new Set(pairs).size).toBe(pairs.length);
    }
  });

  it('has no duplicate follows', () => {
    const pairs = community.follows.map((f) => `${f.memberKey}|${f.spaceKey}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.length).toBeGreaterThan(community.members.length);
  });
});

describe('buildDemoCommunity: text', () => {
  it('mentions existing members only', () => {
    const usernames = new Set(community.members.map((m) => canonicalUsername(m.username)));
    const mentions = allComments(community)
      .flatMap(({ comment }) => [...comment.body.matchAll(/(?:^|\s)@([A-Za-z0-9_.-]+)/g)])
      .map((match) => canonicalUsername((match[1] ?? '').replace(/[.-]+$/, '')));
    expect(mentions.length).toBeGreaterThan(100);
    mentions.forEach((key) => expect(usernames.has(key)).toBe(true));
  });

  it('leaves no template placeholders behind', () => {
    const texts = community.posts.flatMap((p) => [p.title, p.body, ...p.comments.map((c) => c.body)]);
    texts.forEach((text) => expect(text).not.toMatch(/[{}]/));
  });

  it('varies titles across many posts', () => {
    const titles = new Set(community.posts.map((p) => p.title));
    expect(titles.size).toBeGreaterThan(community.posts.length * 0.6);
  });

  it('is quick to build', () => {
    const started = performance.now();
    buildDemoCommunity();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
