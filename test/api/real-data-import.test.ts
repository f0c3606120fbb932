/**
 * The real retailer's file through Guild's importer, checked from Guild's own tables against
 * the figures in ../shared/data/README.md; then the same file again, which must change nothing;
 * then the airline tweets through the social-mentions mapping. Skipped, with a message, when
 * ../shared/data is absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/database.js';
import type { ImportKind } from '../../src/integrations/integrations.table.js';
import {
  createImportJob,
  executeImportJob,
} from '../../src/integrations/imports/import-jobs.service.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { freshDatabase } from '../support/test-database.js';

const dataRoot = path.resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const retailFile = path.join(dataRoot, 'online-retail/online_retail.csv.gz');
const tweetsFile = path.join(dataRoot, 'airline-tweets/Tweets.csv');
const present = existsSync(retailFile) && existsSync(tweetsFile);
if (!present) {
  console.warn(`real-data import tests skipped: ${dataRoot} is absent (see the project README)`);
}

let db: Database;
let tenantId: string;
const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-real-data-'));

beforeAll(async () => {
  if (!present) {
    return;
  }
  db = await freshDatabase();
  tenantId = await createTenant(db, {
    slug: 'uk-gifts',
    name: 'UK gift retailer',
    defaultLocale: 'en-GB',
    regions: [],
    segments: [],
  });
});
afterAll(async () => {
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function importFile(kind: ImportKind, preset: string, file: string) {
  const job = await createImportJob(db, tenantId, {
    kind,
    preset,
    mapping: null,
    origin: 'cli',
    fileName: path.basename(file),
    filePath: null,
    fileBytes: null,
    fileFingerprint: null,
    dryRun: false,
    createdBy: null,
  });
  const { job: done } = await executeImportJob(db, tenantId, job.id, { dataDir, source: file });
  expect(done.status).toBe('succeeded');
  return done;
}

/** The README's figures, computed from Guild's tables. */
async function figures() {
  const [row] = await db.query<Record<string, number | string>>(
    `SELECT (SELECT count(*)::int FROM order_lines WHERE tenant_id = $1) AS lines,
            (SELECT count(*)::int FROM orders WHERE tenant_id = $1) AS invoices,
            (SELECT count(*)::int FROM orders WHERE tenant_id = $1 AND external_id LIKE 'C%')
              AS cancellation_invoices,
            (SELECT count(*)::int FROM customers WHERE tenant_id = $1) AS customers,
            (SELECT count(*)::int FROM order_lines l JOIN orders o ON o.id = l.order_id
              WHERE o.tenant_id = $1 AND o.customer_id IS NULL) AS guest_rows,
            (SELECT count(*)::int FROM order_lines l JOIN orders o ON o.id = l.order_id
              WHERE o.tenant_id = $1 AND o.kind = 'return' AND o.external_id LIKE 'C%')
              AS cancellation_rows,
            (SELECT count(*)::int FROM order_lines WHERE tenant_id = $1 AND quantity < 0)
              AS negative_rows,
            (SELECT count(*)::int FROM products WHERE tenant_id = $1) AS stock_codes,
            (SELECT count(DISTINCT country)::int FROM orders WHERE tenant_id = $1) AS countries,
            (SELECT count(*)::int FROM order_lines WHERE tenant_id = $1
              AND duplicate_of IS NOT NULL) AS duplicate_rows,
            (SELECT round(sum(quantity * unit_price), 2)::text FROM order_lines
              WHERE tenant_id = $1) AS net_revenue`,
    [tenantId],
  );
  return row;
}

describe.skipIf(!present)('the UCI Online Retail file, imported into Guild', () => {
  it('reproduces every figure of the data README from Guild’s tables', async () => {
    const job = await importFile('orders', 'online-retail', retailFile);
    expect(job).toMatchObject({ rowsRead: 541_909, rowsImported: 541_909, rowsSkipped: 0 });
    expect(job.summary?.['duplicateLines']).toBe(5_268);
    expect(await figures()).toEqual({
      lines: 541_909,
      invoices: 25_900,
      cancellation_invoices: 3_836,
      customers: 4_372,
      guest_rows: 135_080,
      cancellation_rows: 9_288,
      negative_rows: 10_624,
      stock_codes: 4_070,
      countries: 38,
      duplicate_rows: 5_268,
      net_revenue: '9747747.93',
    });
  }, 600_000);

  it('changes nothing when the same file is imported again', async () => {
    const before = await figures();
    const job = await importFile('orders', 'online-retail', retailFile);
    expect(job).toMatchObject({ rowsRead: 541_909, rowsImported: 0, rowsUnchanged: 541_909 });
    expect(await figures()).toEqual(before);
  }, 600_000);

  it('reads all 14,640 airline tweets through the social-mentions mapping', async () => {
    // The file holds 155 tweet ids twice (36 rows repeated as they are, 119 labelled again):
    // a post is one mention, so 14,485 are stored and the 155 repeats are reported.
    const job = await importFile('mentions', 'social-mentions', tweetsFile);
    expect(job).toMatchObject({
      rowsRead: 14_640,
      rowsImported: 14_485,
      rowsUnchanged: 155,
      rowsSkipped: 0,
    });
    const reasons = job.summary?.['skippedByReason'] as { reason: string; count: number }[];
    expect(reasons.map((entry) => [entry.reason.split(':')[0], entry.count])).toEqual([
      ['same post as an earlier line (platform and id)', 155],
    ]);
    const [counted] = await db.query<{ mentions: number; ids: number; airlines: number }>(
      `SELECT count(*)::int AS mentions, count(DISTINCT external_id)::int AS ids,
              count(DISTINCT brand)::int AS airlines
         FROM mentions WHERE tenant_id = $1 AND platform = 'twitter'`,
      [tenantId],
    );
    expect(counted).toEqual({ mentions: 14_485, ids: 14_485, airlines: 6 });
  }, 300_000);
});
