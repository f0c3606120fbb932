import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/demo-seed.js';
import { DEMO_SIGN_INS } from '../../src/demo/demo-content.js';
import { BRAND } from '../../src/demo/demo-phrases.js';
import { startTestGuild, TestClient, type TestGuild } from '../support/harness.js';

let guild: TestGuild;

beforeAll(async () => {
  guild = await startTestGuild({ GUILD_DEFAULT_TENANT: 'demo' });
  await seedDemo(guild.db, { members: 120, posts: 60 });
});
afterAll(() => guild.stop());

describe('the demo community', () => {
  it('lets every demo sign-in in and shows a living community', async () => {
    for (const signIn of DEMO_SIGN_INS) {
      const client = new TestClient(guild.url);
      await client.signIn(signIn);
      const session = await client.get<{ user: { role: string } }>('/api/v1/session');
      expect(session.body.user.role).toBe(signIn.role);
    }
    const visitor = new TestClient(guild.url);
    const spaces = await visitor.get<{ items: { slug: string; postCount: number }[] }>(
      '/api/v1/spaces',
    );
    expect(spaces.body.items.length).toBeGreaterThanOrEqual(10);
    const total = spaces.body.items.reduce((sum, s) => sum + s.postCount, 0);
    expect(total).toBeGreaterThan(0);
    const busiest = [...spaces.body.items].sort((a, b) => b.postCount - a.postCount)[0]!;
    const feed = await visitor.get<{ items: { id: string }[] }>(
      `/api/v1/spaces/${busiest.slug}/posts?limit=5`,
    );
    expect(feed.body.items.length).toBeGreaterThan(0);
    const comments = await visitor.get<{ items: unknown[] }>(
      `/api/v1/posts/${feed.body.items[0]!.id}/comments`,
    );
    expect(comments.status).toBe(200);
  });

  it('runs a points program on its history: rules, balances that reconcile, badges, a challenge, rewards', async () => {
    const manager = new TestClient(guild.url);
    await manager.signIn(DEMO_SIGN_INS.find((signIn) => signIn.role === 'manager')!);
    const report = await manager.get<{ membersChecked: number; drift: unknown[] }>(
      '/api/v1/points/reconciliation',
    );
    expect(report.body.membersChecked).toBeGreaterThan(10);
    expect(report.body.drift).toEqual([]);
    const rules = await manager.get<{ items: unknown[] }>('/api/v1/gamification/rules');
    expect(rules.body.items.length).toBeGreaterThanOrEqual(5);

    const member = new TestClient(guild.url);
    await member.signIn(DEMO_SIGN_INS.find((signIn) => signIn.role === 'member')!);
    const catalog = await member.get<{ items: { name: string }[] }>('/api/v1/rewards');
    expect(catalog.body.items.map((item) => item.name)).toContain('Canvas tote bag');
    const challenges = await member.get<{ items: { title: string }[] }>(
      '/api/v1/gamification/challenges',
    );
    expect(challenges.body.items.map((item) => item.title)).toContain('Trail Week');

    // The history was scored by the rules themselves: a backfill finds nothing to change.
    const started = await manager.post<{ id: string }>('/api/v1/gamification/rules/backfill');
    expect(started.status).toBe(202);
    let progress: { status: string; adjusted: number; processed: number } | null = null;
    for (let i = 0; i < 150 && progress?.status !== 'done'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      progress = (
        await manager.get<{ status: string; adjusted: number; processed: number }>(
          `/api/v1/gamification/rules/backfill/${started.body.id}`,
        )
      ).body;
    }
    expect(progress, JSON.stringify(progress)).toMatchObject({ status: 'done', adjusted: 0 });
    expect(progress!.processed).toBeGreaterThan(50);
  });

  it('keeps private spaces private from visitors', async () => {
    const spaces = await new TestClient(guild.url).get<{ items: { visibility: string }[] }>(
      '/api/v1/spaces',
    );
    expect(spaces.body.items.every((s) => s.visibility === 'public')).toBe(true);
    const admin = new TestClient(guild.url);
    await admin.signIn(DEMO_SIGN_INS.find((s) => s.role === 'admin')!);
    const all = await admin.get<{ items: { visibility: string }[] }>('/api/v1/spaces');
    expect(all.body.items.some((s) => s.visibility === 'private')).toBe(true);
  });

  it('is never created over an existing community', async () => {
    await expect(seedDemo(guild.db, { members: 10, posts: 2 })).rejects.toThrow(/exists already/);
  });

  it('runs an ambassador program: scored candidates with reasons, active ambassadors, invitations', async () => {
    const manager = new TestClient(guild.url);
    await manager.signIn(DEMO_SIGN_INS.find((signIn) => signIn.role === 'manager')!);
    const programs = await manager.get<{ items: { id: string; name: string }[] }>(
      '/api/v1/ambassadors/programs',
    );
    const program = programs.body.items.find((p) => p.name === `${BRAND} Ambassadors`)!;
    expect(program).toBeDefined();
    const detail = await manager.get<{ pipeline: Record<string, number> }>(
      `/api/v1/ambassadors/programs/${program.id}`,
    );
    expect(detail.body.pipeline.active).toBeGreaterThanOrEqual(1);
    expect(detail.body.pipeline.invited).toBe(5);
    expect(detail.body.pipeline.identified).toBe(5);
    const candidates = await manager.get<{
      items: { score: number; reasons: { text: string }[] }[];
    }>(`/api/v1/ambassadors/programs/${program.id}/candidates?limit=5`);
    expect(candidates.body.items).toHaveLength(5);
    for (const candidate of candidates.body.items) {
      expect(candidate.score).toBeGreaterThan(0);
      expect(candidate.reasons.length).toBeGreaterThan(0);
    }
    // missions were done and paid, so retention and workload have something to show
    const today = new Date().toISOString().slice(0, 10);
    const start = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    const retention = await manager.get<{ numerator: number; denominator: number }>(
      `/api/v1/ambassadors/programs/${program.id}/retention?from=${start}&to=${today}`,
    );
    expect(retention.status, JSON.stringify(retention.body)).toBe(200);
    expect(retention.body.numerator).toBeGreaterThan(0);
    expect(retention.body.numerator).toBeLessThanOrEqual(retention.body.denominator);
    const excluded = await manager.get<{ items: { exclusions: string[] }[] }>(
      `/api/v1/ambassadors/programs/${program.id}/candidates?includeExcluded=true&limit=100&minScore=0`,
    );
    expect(excluded.status).toBe(200);
    // the demo ambassador holds an active place and sees why they were chosen
    const ambassador = new TestClient(guild.url);
    await ambassador.signIn(DEMO_SIGN_INS.find((signIn) => signIn.role === 'ambassador')!);
    const me = await ambassador.get<{ places: { state: string }[]; scores: unknown[] }>(
      '/api/v1/ambassadors/me',
    );
    expect(me.body.places.map((p) => p.state)).toEqual(['active']);
  });

  it('shows privacy requests on the admins’ board, clocks running under both regimes', async () => {
    const admin = new TestClient(guild.url);
    await admin.signIn(DEMO_SIGN_INS.find((signIn) => signIn.role === 'admin')!);
    const board = await admin.get<{
      items: { kind: string; regime: string; status: string; dueAt: string }[];
    }>('/api/v1/privacy/requests?limit=20');
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    expect(board.body.items.map((r) => `${r.regime}:${r.kind}`).sort()).toEqual([
      'ccpa:know',
      'gdpr:access',
      'gdpr:erasure',
    ]);
  });

  it('has ambassador content in review, approved with usage rights, and sent back for changes', async () => {
    const manager = new TestClient(guild.url);
    await manager.signIn(DEMO_SIGN_INS.find((signIn) => signIn.role === 'manager')!);
    const list = await manager.get<{ items: { status: string }[] }>(
      '/api/v1/content/submissions?limit=50',
    );
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(new Set(list.body.items.map((item) => item.status))).toEqual(
      new Set(['in_review', 'approved', 'changes_requested']),
    );
  });
});
