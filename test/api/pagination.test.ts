/**
 * Keyset pages never lose or repeat a row, even when many rows share one moment: here twelve
 * posts written by one statement (one `now()`, to the microsecond on a PostgreSQL server) are
 * paged through three at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let reader: TestClient;

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const manager = new TestClient(guild.url);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  const space = await manager.post('/api/v1/spaces', {
    slug: 'same-moment',
    name: 'Same moment',
    visibility: 'public',
    kind: 'topic',
  });
  expect(space.status).toBe(201);
  reader = new TestClient(guild.url);
  await reader.signIn(await addMember(guild, tenantId, 'member'));
});
afterAll(() => guild.stop());

describe('keyset pagination', () => {
  it('serves every row once when rows share a timestamp', async () => {
    await guild.db.query(
      `INSERT INTO posts (tenant_id, space_id, author_id, title, body_md, body_html)
       SELECT s.tenant_id, s.id, u.id, 'Post ' || g, 'Body ' || g, '<p>Body ' || g || '</p>'
         FROM spaces s, users u, generate_series(1, 12) g
        WHERE s.slug = 'same-moment' AND s.tenant_id = $1 AND u.tenant_id = $1 AND u.role = 'manager'`,
      [tenantId],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const result = await reader.get<{
        items: { title: string }[];
        nextCursor: string | null;
      }>(`/api/v1/spaces/same-moment/posts?limit=3${query}`);
      expect(result.status).toBe(200);
      seen.push(...result.body.items.map((item) => item.title));
      cursor = result.body.nextCursor;
      if (cursor === null) {
        break;
      }
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });
});
