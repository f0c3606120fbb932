/**
 * Dashboards and reports read from a real streaming standby when GUILD_REPORTS_DATABASE_URL
 * names one. A private primary and its hot standby (pg_basebackup -R) run for this file only.
 * Pausing the standby's replay proves where the figures come from: a change made on the primary
 * shows only once the standby replays it. With the standby stopped, the same reads fall back to
 * the primary. PostgreSQL pass only (it also needs the server's binaries and root).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startGuild, type Guild } from '../../src/app.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { addMember, addTenant, TestClient } from '../support/harness.js';
import { PrivateCluster, privateClusterUnavailable } from '../support/private-cluster.js';
import { serverUrl } from '../support/test-database.js';

const skipReason =
  serverUrl() === null
    ? 'needs a PostgreSQL server; runs in the PostgreSQL pass'
    : privateClusterUnavailable();
if (skipReason !== null) {
  console.warn(`read replica: skipped, ${skipReason}`);
}

const month = new Date().toISOString().slice(0, 7);

describe.skipIf(skipReason !== null)('a read replica for dashboards and reports', () => {
  let primary: PrivateCluster;
  let standby: PrivateCluster | null = null;
  let guild: Guild & { url: string };
  let manager: TestClient;
  let member: string;

  async function onStandby<T extends Record<string, unknown>>(text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: standby!.url('guild') });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  /** Waits until the standby has replayed everything the primary wrote so far. */
  async function caughtUp(): Promise<void> {
    const [target] = await guild.db.query<{ lsn: string }>(
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    for (let i = 0; i < 200; i += 1) {
      const [row] = await onStandby<{ done: boolean }>(
        `SELECT pg_last_wal_replay_lsn() >= '${target!.lsn}'::pg_lsn AS done`,
      );
      if (row?.done) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the standby did not catch up within 20 s');
  }

  async function pointsIssued(): Promise<number> {
    const answer = await manager.get<{ months: { month: string; pointsIssued: number }[] }>(
      `/api/v1/analytics/supporting?from=${month}&to=${month}`,
    );
    expect(answer.status).toBe(200);
    return answer.body.months[0]!.pointsIssued;
  }

  async function award(points: number): Promise<void> {
    const answer = await manager.post(
      '/api/v1/points/awards',
      { userId: member, points, reason: 'replica check' },
      { 'idempotency-key': randomBytes(8).toString('hex') },
    );
    expect(answer.status).toBe(201);
  }

  beforeAll(async () => {
    primary = await PrivateCluster.create();
    primary.createDatabase('guild');
    standby = await PrivateCluster.standbyOf(primary);
    const config = loadConfig({
      NODE_ENV: 'test',
      GUILD_PORT: '0',
      GUILD_DEFAULT_TENANT: 'alpha',
      GUILD_BASE_HOST: 'guild.test',
      GUILD_MAIL: 'off',
      GUILD_WEB_DIR: './web/dist',
      DATABASE_URL: primary.url('guild'),
      GUILD_REPORTS_DATABASE_URL: standby.url('guild'),
    });
    const db = openDatabase({ url: primary.url('guild'), pgliteDir: '', poolSize: 5 });
    guild = await startGuild(config, { db, logger: createLogger('silent') });
    const tenantId = await addTenant(guild, 'alpha');
    const boss = await addMember(guild, tenantId, 'admin');
    const someone = await addMember(guild, tenantId);
    const [row] = await guild.db.query<{ id: string }>(
      'SELECT id FROM users WHERE tenant_id = $1 AND username = $2',
      [tenantId, someone.username],
    );
    member = row!.id;
    manager = new TestClient(guild.url);
    await manager.signIn(boss);
  }, 240_000);

  afterAll(async () => {
    await guild?.stop();
    standby?.remove();
    primary?.remove();
  });

  it('shows a change only once the standby has replayed it', async () => {
    await award(10);
    await caughtUp();
    const before = await pointsIssued();
    expect(before).toBe(10);

    await onStandby('SELECT pg_wal_replay_pause()');
    await award(25);
    const [onPrimary] = await guild.db.query<{ total: string }>(
      "SELECT sum(amount)::text AS total FROM ledger_entries WHERE reason = 'replica check'",
    );
    expect(Number(onPrimary!.total)).toBe(35);
    // The primary has it; the dashboards, reading the paused standby, do not yet.
    expect(await pointsIssued()).toBe(before);

    await onStandby('SELECT pg_wal_replay_resume()');
    await caughtUp();
    expect(await pointsIssued()).toBe(35);
  });

  it('renders a report on the standby and audits it on the primary', async () => {
    const report = await manager.get<string>(
      `/api/v1/analytics/reports/roi?from=${month}&to=${month}&format=html`,
    );
    expect(report.status).toBe(200);
    expect(String(report.body)).toContain('<html');
    const audits = await guild.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'analytics.report_export'",
    );
    expect(audits).toHaveLength(1);
  });

  it('reads the primary while the standby is down', async () => {
    standby!.stop('immediate');
    await award(5);
    expect(await pointsIssued()).toBe(40);
  });
});
