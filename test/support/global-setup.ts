/**
 * Vitest global setup: migrates a template database once, so that each test file starts from a
 * copy instead of running every migration again. On a server that is a template database; on
 * PGlite it is an archive of a migrated data directory, named to the workers through the
 * environment (they are forked after this runs).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  dropTemplate,
  PGLITE_TEMPLATE_ENV,
  pgliteTemplate,
  prepareTemplate,
  serverUrl,
} from './test-database.js';

let pgliteFolder: string | null = null;

export async function setup(): Promise<void> {
  const url = serverUrl();
  if (url !== null) {
    await prepareTemplate(url);
    return;
  }
  pgliteFolder = mkdtempSync(path.join(os.tmpdir(), 'guild-test-template-'));
  const file = path.join(pgliteFolder, 'migrated.tar');
  writeFileSync(file, Buffer.from(await (await pgliteTemplate()).arrayBuffer()));
  process.env[PGLITE_TEMPLATE_ENV] = file;
}

export async function teardown(): Promise<void> {
  const url = serverUrl();
  if (url !== null) {
    await dropTemplate(url);
  }
  if (pgliteFolder !== null) {
    rmSync(pgliteFolder, { recursive: true, force: true });
    delete process.env[PGLITE_TEMPLATE_ENV];
  }
}
