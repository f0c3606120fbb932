/**
 * Model versions over real HTTP: a community's labels train a candidate that is evaluated
 * beside the live version on the same held-out labels; promotion happens only when the
 * candidate is better there and passed the identity-term bias check, and the live version is
 * what then scores new posts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sqlRows } from '../../src/core/db/database.js';
import { serializeModel } from '../../src/moderation/model/classifier.js';
import { loadShippedModel } from '../../src/moderation/model/shipped.js';
import { importLabels } from '../../src/moderation/models.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;

interface Version {
  version: string;
  status: string;
  biasPassed: boolean;
  metrics: Record<string, { auc: number | null; n: number }>;
}

// The held-out side of the split is decided by each label's random id, so the set is large
// enough (80 labels a class) that it always holds both classes: at 24 a class, about one run
// in a hundred drew no abusive label to evaluate and had no AUC.
const PLACES = [
  'kettle thread',
  'sizing thread',
  'Leeds store',
  'returns desk',
  'new range',
  'sale',
  'click and collect',
  'loyalty app',
  'Bristol store',
  'autumn catalogue',
];
const OPENERS = [
  'Spotted on the',
  'Quick note about the',
  'Anyone else seen the',
  'Update on the',
  'Heads up on the',
  'Saw this on the',
  'A word about the',
  'Still going on the',
];

/**
 * A community-specific abuse word the shipped model has never seen, in otherwise calm text,
 * against swearing in praise, which this community allows and the shipped model scores as abuse.
 */
function labelledRows() {
  const rows = [];
  for (const place of PLACES) {
    for (const opener of OPENERS) {
      rows.push({
        text: `${opener} ${place}: total grotwaffle behaviour from that one`,
        labels: { toxic: 1 as const },
      });
      rows.push({
        text: `${opener} ${place}: these boots are the shit, proper badass from that one`,
        labels: { toxic: 0 as const },
      });
    }
  }
  return rows;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = new TestClient(guild.url);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
});
afterAll(() => guild.stop());

describe('model versions', () => {
  it('refuses to train without enough labels', async () => {
    const refused = await manager.post<{ error: { message: string } }>('/api/v1/moderation/models');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/at least 20 labels/);
  });

  it('trains a candidate that beats the shipped model on the community’s own labels, and promotes it', async () => {
    await guild.db.tenant(tenantId, (tx) => importLabels(tx, tenantId, null, labelledRows()));
    const trained = await manager.post<{
      version: string;
      better: boolean;
      biasPassed: boolean;
      evaluationRows: number;
      metrics: Record<string, { auc: number }>;
      baseline: Record<string, { auc: number }>;
    }>('/api/v1/moderation/models');
    expect(trained.status).toBe(201);
    expect(trained.body.version).toBe('v1');
    expect(trained.body.evaluationRows).toBeGreaterThan(0);
    expect(trained.body.metrics.toxic!.auc).toBeGreaterThan(trained.body.baseline.toxic!.auc);
    expect(trained.body).toMatchObject({ better: true, biasPassed: true });

    const promoted = await manager.post('/api/v1/moderation/models/v1/promote', {});
    expect(promoted.status).toBe(200);
    const list = await manager.get<{ live: string; items: Version[] }>('/api/v1/moderation/models');
    expect(list.body.live).toBe('v1');
    expect(list.body.items.find((v) => v.version === 'v0')?.status).toBe('retired');

    // new posts are scored by v1 now
    const member = new TestClient(guild.url);
    await member.signIn(await addMember(guild, tenantId, 'member'));
    await manager.post('/api/v1/spaces', {
      slug: 'kitchen',
      name: 'Kitchen',
      visibility: 'public',
      kind: 'topic',
    });
    const created = await member.post<{ id: string }>('/api/v1/spaces/kitchen/posts', {
      title: 'Kettles',
      body: 'Which kettle boils fastest?',
    });
    const [check] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ model_version: string }>(
        tx,
        sql`SELECT model_version FROM moderation_checks WHERE item_id = ${created.body.id}`,
      ),
    );
    expect(check?.model_version).toBe('v1');
  });

  it('keeps a candidate that is no better than the live version from going live', async () => {
    // a copy of the live version, judged on the same evaluation rows, cannot be better
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`INSERT INTO moderation_models (tenant_id, version, artifact, snapshot, metrics, bias)
        SELECT tenant_id, 2, artifact, snapshot, metrics, bias FROM moderation_models
        WHERE version = 1`),
    );
    const refused = await manager.post<{ error: { code: string; message: string } }>(
      '/api/v1/moderation/models/v2/promote',
      {},
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('model_not_promotable');
    expect(refused.body.error.message).toMatch(/does not beat the live v1/);
  });

  it('blocks a version that failed the bias check, whatever its figures', async () => {
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`INSERT INTO moderation_models (tenant_id, version, artifact, snapshot, metrics, bias)
        VALUES (${tenantId}, 9, ${serializeModel(loadShippedModel())}, '{}', '{}',
          '{"passed": false, "maxGap": 0.31}')`),
    );
    const refused = await manager.post<{ error: { code: string; message: string } }>(
      '/api/v1/moderation/models/v9/promote',
      {},
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/bias check.*0\.310 apart/);
    const list = await manager.get<{ live: string }>('/api/v1/moderation/models');
    expect(list.body.live).toBe('v1');
  });
});
