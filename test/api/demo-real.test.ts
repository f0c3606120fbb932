/**
 * `guild demo --real`, at a small size, on a fresh database: every count it reports is checked
 * against Guild's tables, and a second run is refused. Skipped, with a message, when
 * ../shared/data is absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { REAL_FILES } from '../../src/demo/real/real-data.js';
import {
  RealDemoExists,
  seedRealDemo,
  type RealDemoSummary,
} from '../../src/demo/real/real-demo.js';
import { freshDatabase } from '../support/test-database.js';

const dataRoot = path.resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const present = Object.values(REAL_FILES).every((file) => existsSync(path.join(dataRoot, file)));
if (!present) {
  console.warn(`real-data demo test skipped: ${dataRoot} lacks its files (see the project README)`);
}

let db: Database;
let summary: RealDemoSummary;
const lines: string[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-demo-real-'));
const options = {
  members: 200,
  posts: 120,
  ordersShare: 0.2,
  cohort: 10,
  challengers: 12,
  dataDir,
  logger: createLogger('silent'),
  say: (line: string) => lines.push(line),
};

beforeAll(async () => {
  if (!present) {
    return;
  }
  db = await freshDatabase();
  summary = await seedRealDemo(db, dataRoot, options);
}, 600_000);
afterAll(async () => {
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function one(query: string): Promise<Record<string, number | string | null>> {
  const [row] = await db.query<Record<string, number | string | null>>(query, [summary.tenantId]);
  return row!;
}

describe.skipIf(!present)('guild demo --real', () => {
  it('prints one line per step', () => {
    for (const step of ['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.']) {
      expect(
        lines.some((line) => line.startsWith(step)),
        step,
      ).toBe(true);
    }
  });

  it('reports the members it linked and the posts by moderation outcome, as stored', async () => {
    const members = await one(
      `SELECT count(*)::int AS members,
              (SELECT count(*)::int FROM member_customer_links l WHERE l.tenant_id = $1
                 AND l.unlinked_at IS NULL AND l.rule = 'explicit') AS linked
         FROM users WHERE tenant_id = $1 AND role IN ('member', 'ambassador')`,
    );
    expect(members).toEqual({ members: summary.members, linked: summary.linked });
    expect(summary.members).toBe(200);
    const posts = await one(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE moderation_state = 'published')::int AS published,
              count(*) FILTER (WHERE moderation_state = 'held')::int AS held,
              count(*) FILTER (WHERE moderation_state = 'rejected')::int AS rejected
         FROM posts WHERE tenant_id = $1 AND created_at < '2011-12-10'`,
    );
    expect(posts).toEqual(summary.posts);
    expect(summary.posts.total).toBe(120);
    const dated = await one(
      `SELECT min(created_at)::text AS first, max(created_at)::text AS last FROM posts
        WHERE tenant_id = $1 AND created_at < '2012-01-01'`,
    );
    expect(String(dated.first) >= '2011-02').toBe(true);
  });

  it('imported the mentions, made ambassadors active and ran the challenge', async () => {
    const row = await one(
      `SELECT (SELECT count(*)::int FROM mentions WHERE tenant_id = $1) AS mentions,
              (SELECT count(*)::int FROM ambassadors WHERE tenant_id = $1 AND state = 'active') AS active,
              (SELECT count(*)::int FROM challenge_participants WHERE tenant_id = $1) AS participants,
              (SELECT count(*)::int FROM challenge_participants WHERE tenant_id = $1
                 AND completed_at IS NOT NULL) AS completed`,
    );
    expect(row).toEqual({
      mentions: summary.mentions.rowsImported,
      active: summary.ambassadors.active,
      participants: summary.challenge.participants,
      completed: summary.challenge.completed,
    });
    expect(summary.mentions.rowsImported).toBe(14_485);
    expect(summary.ambassadors.active).toBeGreaterThan(0);
    expect(summary.challenge.participants).toBe(options.challengers);
  });

  it('has metrics for the months, a stored lift run and an ROI', async () => {
    expect(summary.metrics.months).toBe(13);
    const months = await one(
      `SELECT count(DISTINCT month)::int AS months FROM analytics_month_counts
        WHERE tenant_id = $1 AND month >= '2011-01-01' AND month < '2012-01-01' AND posts > 0`,
    );
    expect(Number(months.months)).toBeGreaterThanOrEqual(6);
    const run = await one(
      `SELECT status, count(*) OVER ()::int AS runs FROM analytics_lift_runs WHERE tenant_id = $1`,
    );
    expect(run).toEqual({ status: summary.lift.status, runs: 1 });
    expect(summary.costs).toBeGreaterThan(0);
    expect(summary.roi.estimate).not.toBeNull();
  });

  it('refuses a second run', async () => {
    await expect(seedRealDemo(db, dataRoot, options)).rejects.toBeInstanceOf(RealDemoExists);
  });
});
