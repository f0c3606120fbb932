import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { createLogger } from '../logging/logger.js';
import { createServer } from './server.js';

describe('the HTTP server', () => {
  it('refuses at start-up an API route that declares no access rule', async () => {
    const db = openDatabase({ url: null, pgliteDir: 'memory://', poolSize: 1 });
    const app = await createServer({
      config: loadConfig({}),
      db,
      logger: createLogger('silent'),
    });
    expect(() => app.get('/api/v1/forgotten', () => 'x')).toThrow(/declares no access rule/);
    expect(() =>
      app.get('/api/v1/declared', { config: { access: 'public' } }, () => 'x'),
    ).not.toThrow();
    await app.close();
    await db.close();
  });
});
