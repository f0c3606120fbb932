import { describe, it, expect } from 'vitest';
import { checkUsername, canonicalUsername } from '../accounts/username.js';
import { checkPassword } from '../accounts/password-policy.js';
import {
  buildDemoCommunity,
  DEMO_SIGN_INS,
  type DemoComment,
  type DemoCommunity,
  type DemoMember,
  type DemoPost,
} from './demo-content.js';

const DAY = 24 * 60 * 60 * 1000;
const DEFAULT_NOW = new Date('2026-11-30T12:00:00Z').getTime();

const community = buildDemoCommunity();
const members = new Map(community.members.map((m) => [m.key, m]));
const spaces = new Map(community.spaces.map((s) => [s.key, s]));

function allComments(demo: DemoCommunity): { post: DemoPost; comment: DemoComment }[] {
  return demo.posts.flatMap((post) => post.comments.map((comment) => ({ post, comment })));
}

function member(key: string): DemoMember {
  const found = members.get(key);
  if (found === undefined) {
    throw new Error(`unknown member ${key}`);
  }
  return found;
}

function spaceKeyBySlug(slug: string): string {
  const found = community.spaces.find((s) => s.slug === slug);
  if (found === undefined) {
    throw new Error(`unknown space ${slug}`);
  }
  return found.key;
}

/** Everyone who wrote or reacted in a post. */
function participants(post: DemoPost): string[] {
  return [
    post.authorKey,
    ...post.comments.map((c) => c.authorKey),
    ...post.reactions.map((r) => r.memberKey),
  ];
}

function texts(post: DemoPost): string[] {
  return [post.title, post.body, ...post.comments.map((c) => c.body)];
}

describe('buildDemoCommunity: options and determinism', () => {
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

  it('works with only the sign-in accounts, and refuses fewer or bad counts', () => {
    const tiny = buildDemoCommunity({ members: DEMO_SIGN_INS.length, posts: 40 });
    expect(tiny.members).toHaveLength(DEMO_SIGN_INS.length);
    expect(tiny.posts).toHaveLength(40);
    expect(buildDemoCommunity({ posts: 0, members: 50 }).posts).toEqual([]);
    expect(() => buildDemoCommunity({ members: 2 })).toThrow(RangeError);
    expect(() => buildDemoCommunity({ posts: -1 })).toThrow(RangeError);
    expect(() => buildDemoCommunity({ posts: 1.5 })).toThrow(RangeError);
    expect(() => buildDemoCommunity({ now: new Date('not a date') })).toThrow(RangeError);
  });

  it('dates everything before a given `now`', () => {
    const now = new Date('2025-03-01T08:00:00Z').getTime();
    const demo = buildDemoCommunity({ members: 100, posts: 30, now: new Date(now) });
    const times = demo.posts
      .flatMap((p) => [p.createdAt, ...p.comments.map((c) => c.createdAt)])
      .map((d) => d.getTime());
    expect(times.filter((t) => t >= now || t <= now - 180 * DAY)).toEqual([]);
    expect(demo.members.filter((m) => m.joinedAt.getTime() >= now)).toEqual([]);
  });
});

describe('buildDemoCommunity: tenant, regions and segments', () => {
  it('describes the tenant and its three regions', () => {
    expect(community.tenant).toMatchObject({ slug: 'demo', defaultLocale: 'en-GB' });
    expect(community.regions.map((r) => [r.code, r.currency, r.locale, r.timezone])).toEqual([
      ['UK', 'GBP', 'en-GB', 'Europe/London'],
      ['US', 'USD', 'en-US', 'America/New_York'],
      ['DE', 'EUR', 'de-DE', 'Europe/Berlin'],
    ]);
  });

  it('has the segments that members and spaces refer to', () => {
    const keys = new Set(community.segments.map((s) => s.key));
    expect([...keys]).toEqual(
      expect.arrayContaining([
        'loyalty-gold',
        'new-customer',
        'home-enthusiast',
        'style-insider',
        'store-regular',
      ]),
    );
    const used = [
      ...community.members.flatMap((m) => m.segmentKeys),
      ...community.spaces.flatMap((s) => s.segmentKeys),
    ];
    expect(used.filter((key) => !keys.has(key))).toEqual([]);
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

  it('uses valid ASCII usernames', () => {
    const pattern = /^[A-Za-z][A-Za-z0-9_.-]{1,28}[A-Za-z0-9_]$/;
    const bad = community.members
      .map((m) => m.username)
      .filter((name) => !pattern.test(name) || !checkUsername(name).ok);
    expect(bad).toEqual([]);
  });

  it('uses lowercase emails at example domains only', () => {
    const pattern = /^[a-z0-9._-]+@([a-z0-9-]+\.)*example(\.[a-z]+)*$/;
    expect(community.members.map((m) => m.email).filter((e) => !pattern.test(e))).toEqual([]);
  });

  it('starts with the sign-in accounts, with their roles and a sound password', () => {
    expect(DEMO_SIGN_INS.map((s) => s.role)).toEqual([
      'admin',
      'manager',
      'moderator',
      'ambassador',
      'member',
    ]);
    DEMO_SIGN_INS.forEach((signIn, index) => {
      expect(community.members[index]).toMatchObject({ email: signIn.email, role: signIn.role });
      expect(checkPassword(signIn.password, { email: signIn.email }).ok).toBe(true);
    });
    expect(new Set(DEMO_SIGN_INS.map((s) => s.password)).size).toBe(1);
  });

  it('has about forty more ambassadors and a handful of moderators', () => {
    const count = (role: string) => community.members.filter((m) => m.role === role).length;
    expect(count('ambassador')).toBeGreaterThanOrEqual(40);
    expect(count('ambassador')).toBeLessThanOrEqual(45);
    expect(count('moderator')).toBeGreaterThanOrEqual(4);
    expect(count('moderator')).toBeLessThanOrEqual(10);
    expect(count('admin')).toBe(1);
  });

  it('gives members the locale of their region', () => {
    const locales = new Map(community.regions.map((r) => [r.code, r.locale]));
    expect(community.members.filter((m) => m.locale !== locales.get(m.regionCode))).toEqual([]);
    expect(community.members.some((m) => m.locale === 'de-DE')).toBe(true);
  });

  it('keeps accents in display names but not in usernames', () => {
    expect(community.members.some((m) => /[äöüéëñ]/.test(m.displayName))).toBe(true);
  });
});

describe('buildDemoCommunity: spaces', () => {
  it('has 12 to 16 spaces with valid, unique slugs and keys', () => {
    expect(community.spaces.length).toBeGreaterThanOrEqual(12);
    expect(community.spaces.length).toBeLessThanOrEqual(16);
    const slugs = community.spaces.map((s) => s.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(spaces.size).toBe(slugs.length);
    expect(slugs.filter((slug) => !/^[a-z0-9][a-z0-9-]{1,60}$/.test(slug))).toEqual([]);
  });

  it('has topic, region and store spaces', () => {
    const kinds = community.spaces.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'topic').length).toBeGreaterThanOrEqual(7);
    expect(community.spaces.filter((s) => s.kind === 'region').map((s) => s.regionCode)).toEqual([
      'UK',
      'US',
      'DE',
    ]);
    expect(kinds.filter((k) => k === 'store')).toHaveLength(3);
  });

  it('has the private loyalty space and the ambassador lounge', () => {
    const privateSpaces = community.spaces.filter((s) => s.visibility === 'private');
    expect(privateSpaces.map((s) => s.segmentKeys)).toEqual(
      expect.arrayContaining([['loyalty-gold'], []]),
    );
    expect(privateSpaces.some((s) => s.name === 'Ambassador Lounge')).toBe(true);
  });

  it('only lets members who have access write and react in private spaces', () => {
    const gold = spaceKeyBySlug('gold-circle');
    const lounge = spaceKeyBySlug('ambassador-lounge');
    const outsiders = community.posts.flatMap((post) =>
      participants(post)
        .map(member)
        .filter(
          (m) =>
            (post.spaceKey === gold &&
              !m.segmentKeys.includes('loyalty-gold') &&
              m.role !== 'manager') ||
            (post.spaceKey === lounge && m.role !== 'ambassador' && m.role !== 'manager'),
        )
        .map((m) => `${post.key}: ${m.key}`),
    );
    expect(outsiders).toEqual([]);
    expect(community.posts.filter((p) => p.spaceKey === gold).length).toBeGreaterThan(10);
    expect(community.posts.filter((p) => p.spaceKey === lounge).length).toBeGreaterThan(10);
  });

  it('has posts in every space', () => {
    const used = new Set(community.posts.map((p) => p.spaceKey));
    expect(community.spaces.filter((s) => !used.has(s.key))).toEqual([]);
  });
});

describe('buildDemoCommunity: references and time order', () => {
  it('only refers to existing members and spaces', () => {
    const missing = community.posts.flatMap((post) => [
      ...participants(post).filter((key) => !members.has(key)),
      ...(spaces.has(post.spaceKey) ? [] : [post.spaceKey]),
    ]);
    const badFollows = community.follows.filter(
      (f) => !members.has(f.memberKey) || !spaces.has(f.spaceKey),
    );
    expect(missing).toEqual([]);
    expect(badFollows).toEqual([]);
  });

  it('has unique post and comment keys', () => {
    const keys = [
      ...community.posts.map((p) => p.key),
      ...allComments(community).map(({ comment }) => comment.key),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('points parents and accepted answers at earlier comments of the same post', () => {
    const problems: string[] = [];
    for (const post of community.posts) {
      const position = new Map(post.comments.map((c, index) => [c.key, index]));
      post.comments.forEach((c, index) => {
        if (c.parentKey !== null && !((position.get(c.parentKey) ?? index) < index)) {
          problems.push(`${c.key} has parent ${c.parentKey}`);
        }
      });
      if (post.acceptedCommentKey !== null && !position.has(post.acceptedCommentKey)) {
        problems.push(`${post.key} accepts ${post.acceptedCommentKey}`);
      }
    }
    expect(problems).toEqual([]);
    expect(allComments(community).some(({ comment }) => comment.parentKey !== null)).toBe(true);
  });

  it('accepts answers only on questions, and on a good share of them', () => {
    const accepted = community.posts.filter((p) => p.acceptedCommentKey !== null);
    expect(accepted.filter((p) => !p.tags.includes('question'))).toEqual([]);
    expect(accepted.length).toBeGreaterThan(200);
  });

  it('dates content in the 180 days before now, after joins, posts and parents', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => ok || problems.push(what);
    for (const post of community.posts) {
      const at = post.createdAt.getTime();
      check(at > DEFAULT_NOW - 180 * DAY && at < DEFAULT_NOW, `${post.key} window`);
      check(member(post.authorKey).joinedAt.getTime() < at, `${post.key} before join`);
      const times = new Map(post.comments.map((c) => [c.key, c.createdAt.getTime()]));
      for (const c of post.comments) {
        const cAt = c.createdAt.getTime();
        check(cAt > at && cAt < DEFAULT_NOW, `${c.key} window`);
        check(member(c.authorKey).joinedAt.getTime() < cAt, `${c.key} before join`);
        check(
          c.parentKey === null || cAt > (times.get(c.parentKey) ?? Infinity),
          `${c.key} before parent`,
        );
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('buildDemoCommunity: reactions and follows', () => {
  it('never lets authors react to their own post', () => {
    const own = community.posts.flatMap((p) =>
      p.reactions.filter((r) => r.memberKey === p.authorKey).map(() => p.key),
    );
    expect(own).toEqual([]);
  });

  it('has at most one reaction per member and kind on a post', () => {
    const duplicated = community.posts.filter((post) => {
      const pairs = post.reactions.map((r) => `${r.memberKey}|${r.kind}`);
      return new Set(pairs).size !== pairs.length;
    });
    expect(duplicated.map((p) => p.key)).toEqual([]);
    const kinds = new Set(community.posts.flatMap((p) => p.reactions.map((r) => r.kind)));
    expect([...kinds].sort()).toEqual(['helpful', 'insightful', 'like', 'love']);
  });

  it('has no duplicate follows, and follows of private spaces only by insiders', () => {
    const pairs = community.follows.map((f) => `${f.memberKey}|${f.spaceKey}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.length).toBeGreaterThan(community.members.length);
    const gold = spaceKeyBySlug('gold-circle');
    const outsiders = community.follows.filter(
      (f) =>
        f.spaceKey === gold &&
        !member(f.memberKey).segmentKeys.includes('loyalty-gold') &&
        member(f.memberKey).role !== 'manager',
    );
    expect(outsiders).toEqual([]);
  });
});

describe('buildDemoCommunity: text', () => {
  const GERMAN = [
    ' und ',
    ' ist ',
    ' die ',
    ' der ',
    ' ich ',
    ' nicht ',
    ' das ',
    ' mit ',
    ' noch ',
    ' man ',
    ' den ',
    ' dem ',
    ' eine ',
  ];

  function germanWords(text: string): number {
    const padded = ` ${text.toLowerCase()} `;
    return GERMAN.filter((word) => padded.includes(word)).length;
  }

  it('writes German in the German region space, by German members', () => {
    const key = community.spaces.find((s) => s.kind === 'region' && s.regionCode === 'DE')?.key;
    const posts = community.posts.filter((p) => p.spaceKey === key);
    expect(posts.length).toBeGreaterThan(20);
    const text = posts.flatMap(texts).join(' ');
    for (const word of [' und ', ' ist ', ' die ']) {
      expect(text).toContain(word);
    }
    const authors = posts.flatMap((p) => [p.authorKey, ...p.comments.map((c) => c.authorKey)]);
    expect(authors.map(member).filter((m) => m.locale !== 'de-DE')).toEqual([]);
  });

  it('keeps each thread in the language of its author', () => {
    const mixed = community.posts.filter((post) => {
      const german = member(post.authorKey).locale === 'de-DE';
      return post.comments.some((c) => (member(c.authorKey).locale === 'de-DE') !== german);
    });
    expect(mixed.map((p) => p.key)).toEqual([]);
    const germanPosts = community.posts.filter((p) => member(p.authorKey).locale === 'de-DE');
    const englishPosts = community.posts.filter((p) => member(p.authorKey).locale !== 'de-DE');
    expect(germanPosts.filter((p) => germanWords(p.body) === 0).map((p) => p.key)).toEqual([]);
    expect(englishPosts.filter((p) => germanWords(p.body) >= 2).map((p) => p.key)).toEqual([]);
  });

  it('writes American English for members in the US and British English for the UK', () => {
    const byRegion = (code: string) =>
      community.posts.flatMap((post) => [
        ...(member(post.authorKey).regionCode === code ? [post.title, post.body] : []),
        ...post.comments.filter((c) => member(c.authorKey).regionCode === code).map((c) => c.body),
      ]);
    const british = /\b(colour|jumper|trousers|trainers|grey|favourite)\b/i;
    const american = /\b(color|sweater|pants|sneakers|gray|favorite)\b/i;
    expect(byRegion('US').filter((t) => british.test(t))).toEqual([]);
    expect(byRegion('UK').filter((t) => american.test(t))).toEqual([]);
    expect(byRegion('US').some((t) => american.test(t))).toBe(true);
  });

  it('mentions existing members only', () => {
    const usernames = new Set(community.members.map((m) => canonicalUsername(m.username)));
    const mentions = allComments(community)
      .flatMap(({ comment }) => [...comment.body.matchAll(/(?:^|\s)@([A-Za-z0-9_.-]+)/g)])
      .map((match) => (match[1] ?? '').replace(/[.-]+$/, ''));
    expect(mentions.length).toBeGreaterThan(100);
    expect(mentions.filter((name) => !usernames.has(canonicalUsername(name)))).toEqual([]);
  });

  it('uses some Markdown: lists, bold text and links', () => {
    const bodies = community.posts.map((p) => p.body);
    expect(bodies.filter((b) => /^- /m.test(b)).length).toBeGreaterThan(50);
    expect(bodies.filter((b) => b.includes('**')).length).toBeGreaterThan(50);
    expect(bodies.filter((b) => /\]\(https:\/\//.test(b)).length).toBeGreaterThan(50);
  });

  it('links only to https addresses at invented example domains', () => {
    const urls = community.posts
      .flatMap(texts)
      .flatMap((t) => t.match(/https?:\/\/[^\s)]+/g) ?? []);
    expect(urls.length).toBeGreaterThan(100);
    expect(urls.filter((u) => !/^https:\/\/[a-z0-9.-]+\.example(\/|$)/.test(u))).toEqual([]);
  });

  it('leaves no template placeholders behind and keeps titles within limits', () => {
    const all = community.posts.flatMap(texts);
    expect(all.filter((t) => /[{}]/.test(t))).toEqual([]);
    expect(community.posts.filter((p) => p.title.length === 0 || p.title.length > 200)).toEqual([]);
    const tags = community.posts.flatMap((p) => p.tags);
    expect(tags.filter((t) => !/^[a-z0-9-]{1,40}$/.test(t))).toEqual([]);
  });

  it('varies titles and bodies across many posts', () => {
    const titles = new Set(community.posts.map((p) => p.title));
    const bodies = new Set(community.posts.map((p) => p.body));
    expect(titles.size).toBeGreaterThan(community.posts.length * 0.6);
    expect(bodies.size).toBeGreaterThan(community.posts.length * 0.9);
  });

  it('does not repeat a comment word for word within a thread', () => {
    const repeated = community.posts.filter((post) => {
      const bodies = post.comments.map((c) => c.body);
      return new Set(bodies).size !== bodies.length;
    });
    expect(repeated.map((p) => p.key)).toEqual([]);
  });
});
