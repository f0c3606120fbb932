import { openDatabase } from '../src/core/db/database.js';
import { migrate } from '../src/core/db/migrate.js';
for (const url of [null, 'postgres://postgres@127.0.0.1:5432/guild_scratch']) {
  const db = openDatabase({ url, pgliteDir: 'memory://', poolSize: 2 });
  console.log(db.kind, await migrate(db), await migrate(db));
  await db.close();
}
