/**
 * Imports end to end: a file uploaded over HTTP becomes a background job whose progress and
 * error report the API shows, and whose records land in Guild's tables with the retail
 * semantics (returns linked to their sale, guest sales kept without a customer, non-product
 * codes classified, exact duplicates kept and reported). Importing the same file again changes
 * nothing; a dry run keeps nothing; an import cut short resumes after its checkpoint without
 * duplicating a row.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createImportJob,
  executeImportJob,
  getImportJob,
} from '../../src/integrations/imports/import-jobs.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

interface ImportJobView {
  id: string;
  status: string;
  rowsRead: number;
  rowsImported: number;
  rowsUnchanged: number;
  rowsSkipped: number;
  errorCount: number;
  hasErrorReport: boolean;
  failure: string | null;
  summary: Record<string, unknown> | null;
  progress: { fraction: number | null };
}

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const ORDERS = [
  HEADER,
  '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom',
  '536366,POST,POSTAGE,1,2010-12-01 08:28:00,18.00,,France',
  'C536379,85123A,WHITE HANGING HEART,-2,2010-12-02 09:41:00,2.55,17850,United Kingdom',
  '536380,22139,,-3,2010-12-02 09:45:00,0,,United Kingdom',
  '536381,22423,"CAKESTAND, REGENCY",1,2010-12-02 10:00:00,12.75,13047,United Kingdom',
  '536382,22423,CAKESTAND,two,2010-12-02 10:01:00,12.75,13047,United Kingdom',
  'A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom',
].join('\n');

let guild: TestGuild;
let tenantId: string;
let admin: TestClient;
const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-imports-'));

beforeAll(async () => {
  guild = await startTestGuild({ GUILD_DATA_DIR: dataDir });
  tenantId = await addTenant(guild, 'alpha');
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
});
afterAll(async () => {
  await guild.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function upload(
  client: TestClient,
  query: string,
  body: string,
  type = 'text/csv',
): Promise<{
  status: number;
  body: ImportJobView & { error?: { code: string; message: string } };
}> {
  return client.request('POST', `/api/v1/integrations/imports?${query}`, body, {
    'content-type': type,
  });
}

async function finished(id: string): Promise<ImportJobView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await admin.get<ImportJobView>(`/api/v1/integrations/imports/${id}`);
    if (!['queued', 'running'].includes(job.body.status)) {
      return job.body;
    }
    if (Date.now() > deadline) {
      throw new Error(`import ${id} is still ${job.body.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function tableCounts() {
  const [row] = await guild.db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM orders WHERE tenant_id = $1) AS orders,
            (SELECT count(*)::int FROM order_lines WHERE tenant_id = $1) AS lines,
            (SELECT count(*)::int FROM customers WHERE tenant_id = $1) AS customers,
            (SELECT count(*)::int FROM products WHERE tenant_id = $1) AS products`,
    [tenantId],
  );
  return row;
}

describe('importing orders through the API', () => {
  let first: ImportJobView;

  it('runs an upload as a job and stores orders with their retail meaning', async () => {
    const started = await upload(admin, 'kind=orders&preset=online-retail&fileName=o.csv', ORDERS);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    first = await finished(started.body.id);

    expect(first).toMatchObject({
      status: 'succeeded',
      rowsRead: 9,
      rowsImported: 8,
      rowsUnchanged: 0,
      rowsSkipped: 1,
      hasErrorReport: true,
      progress: { fraction: 1 },
    });
    expect(first.summary?.['duplicateLines']).toBe(1);
    expect(await tableCounts()).toEqual({ orders: 6, lines: 8, customers: 2, products: 6 });

    const orders = await guild.db.query<{ external_id: string; kind: string; guest: boolean }>(
      `SELECT external_id, kind, customer_id IS NULL AS guest FROM orders
        WHERE tenant_id = $1 ORDER BY external_id`,
      [tenantId],
    );
    expect(orders).toEqual(
      [
        { external_id: '536365', kind: 'sale', guest: false },
        { external_id: '536366', kind: 'sale', guest: true },
        { external_id: '536380', kind: 'adjustment', guest: true },
        { external_id: '536381', kind: 'sale', guest: false },
        { external_id: 'A563185', kind: 'adjustment', guest: true },
        { external_id: 'C536379', kind: 'return', guest: false },
        // 536382 had no valid row, so it is not an order
      ].sort((a, b) => a.external_id.localeCompare(b.external_id)),
    );

    const [link] = await guild.db.query<{ reverses: string }>(
      `SELECT s.external_id AS reverses FROM orders r JOIN orders s ON s.id = r.reverses_order_id
        WHERE r.tenant_id = $1 AND r.external_id = 'C536379'`,
      [tenantId],
    );
    expect(link?.reverses).toBe('536365');

    const kinds = await guild.db.query<{ sku: string; kind: string }>(
      `SELECT sku, kind FROM products WHERE tenant_id = $1 AND kind <> 'product' ORDER BY sku`,
      [tenantId],
    );
    expect(kinds).toEqual([
      { sku: 'B', kind: 'adjustment' },
      { sku: 'POST', kind: 'postage' },
    ]);

    const [duplicates] = await guild.db.query<{ kept: number; flagged: number }>(
      `SELECT count(*)::int AS kept, count(duplicate_of)::int AS flagged FROM order_lines
        WHERE tenant_id = $1 AND sku = '71053'`,
      [tenantId],
    );
    expect(duplicates).toEqual({ kept: 2, flagged: 1 });

    const [revenue] = await guild.db.query<{ net: string }>(
      `SELECT sum(quantity * unit_price)::numeric(20, 2)::text AS net FROM order_lines
        WHERE tenant_id = $1`,
      [tenantId],
    );
    // 15.30 + 20.34 + 20.34 + 18.00 - 5.10 + 0 + 12.75 + 11062.06
    expect(revenue?.net).toBe('11143.69');
  });

  it('serves the row report with line, column, value and reason', async () => {
    const report = await admin.request<string>(
      'GET',
      `/api/v1/integrations/imports/${first.id}/errors`,
    );
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await readFile(path.join(dataDir, 'imports', `${first.id}-errors.csv`), 'utf8');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('line,column,value,reason');
    expect(lines).toContainEqual(expect.stringMatching(/^9,Quantity,two,/));
    expect(lines).toContainEqual(expect.stringMatching(/^4,,line 3,"exact duplicate/));
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await tableCounts();
    const again = await upload(admin, 'kind=orders&preset=online-retail&fileName=o.csv', ORDERS);
    const job = await finished(again.body.id);
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 0, rowsUnchanged: 8 });
    expect(await tableCounts()).toEqual(before);
  });

  it('counts a dry run exactly and keeps nothing of it', async () => {
    const before = await tableCounts();
    const more = `${ORDERS}\n536400,22423,CAKESTAND,2,2010-12-03 10:00:00,12.75,14000,Spain`;
    const dry = await upload(
      admin,
      'kind=orders&preset=online-retail&fileName=o.csv&dryRun=true',
      more,
    );
    const job = await finished(dry.body.id);
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 1, rowsUnchanged: 8 });
    expect(await tableCounts()).toEqual(before);
  });

  it('links a return only to a sale that holds its product, and a rerun links nothing more', async () => {
    const text = [
      HEADER,
      'C536390,99999,NEVER SOLD,-1,2010-12-02 11:00:00,4.00,17850,United Kingdom',
    ].join('\n');
    const first = await finished(
      (await upload(admin, 'kind=orders&preset=online-retail&fileName=r.csv', text)).body.id,
    );
    expect(first.summary?.['returnsLinked']).toBe(0);
    const again = await finished(
      (await upload(admin, 'kind=orders&preset=online-retail&fileName=o.csv', ORDERS)).body.id,
    );
    expect(again.summary?.['returnsLinked']).toBe(0);
    const wrong = await guild.db.query<{ sku: string }>(
      `SELECT l.sku FROM order_lines l
        WHERE l.tenant_id = $1 AND l.reverses_order_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM order_lines s
                           WHERE s.order_id = l.reverses_order_id AND s.sku = l.sku)`,
      [tenantId],
    );
    expect(wrong).toEqual([]);
  });

  it('reports a value too large to store as a row error and imports the rest', async () => {
    const text = [
      HEADER,
      '536500,22423,CAKESTAND,99999999999,2010-12-05 10:00:00,12.75,17850,United Kingdom',
      '536501,22423,CAKESTAND,1,2010-12-05 10:00:00,123456789012345678.5,17850,United Kingdom',
      '536502,22423,CAKESTAND,1,2010-12-05 10:00:00,12.75,17850,United Kingdom',
    ].join('\n');
    const job = await finished(
      (await upload(admin, 'kind=orders&preset=online-retail&fileName=big.csv', text)).body.id,
    );
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 1, rowsSkipped: 2 });
    const report = await readFile(path.join(dataDir, 'imports', `${job.id}-errors.csv`), 'utf8');
    expect(report).toMatch(/^2,Quantity,99999999999,"too large to store/m);
    expect(report).toMatch(/^3,UnitPrice,123456789012345678\.5,too large to store/m);
  });

  it('refuses what it cannot import, saying what is wrong', async () => {
    const wrongPreset = await upload(admin, 'kind=orders&preset=customers&fileName=o.csv', ORDERS);
    expect(wrongPreset.status).toBe(422);
    expect(wrongPreset.body.error?.code).toBe('import_request_invalid');
    expect(wrongPreset.body.error?.message).toContain('online-retail');

    const mapping = encodeURIComponent(JSON.stringify({ preset: 'customers' }));
    const mixed = await upload(
      admin,
      `kind=customers&preset=online-retail&mapping=${mapping}&fileName=o.csv`,
      ORDERS,
    );
    expect(mixed.status).toBe(422);
    expect(mixed.body.error?.message).toMatch(/mapping file is for the preset "customers"/);

    const empty = await upload(admin, 'kind=orders&preset=online-retail&fileName=o.csv', '');
    expect(empty.status).toBe(422);

    const missing = await upload(
      admin,
      'kind=orders&preset=online-retail&fileName=o.csv',
      'InvoiceNo,StockCode\n1,2',
    );
    const failed = await finished(missing.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toMatch(/no column for quantity .*"Quantity"/);
  });

  it('is for admins only', async () => {
    const manager = new TestClient(guild.url);
    await manager.signIn(await addMember(guild, tenantId, 'manager'));
    const refused = await upload(
      manager,
      'kind=orders&preset=online-retail&fileName=o.csv',
      ORDERS,
    );
    expect(refused.status).toBe(403);
    const anonymous = await new TestClient(guild.url).get('/api/v1/integrations/imports');
    expect(anonymous.status).toBe(401);
  });

  it('imports customers and mentions through their presets, matching e-mails without case', async () => {
    const customers = [
      'external_id,email,first_name,last_name,country,accepts_email_marketing',
      '17850,Nora.Berg@Example.com,Nora,Berg,United Kingdom,yes',
      ',  ana@example.com ,Ana,,Spain,no',
    ].join('\n');
    const job = await finished(
      (await upload(admin, 'kind=customers&fileName=c.csv', customers)).body.id,
    );
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 2 });
    const rows = await guild.db.query<{ external_id: string; email_key: string }>(
      `SELECT external_id, email_key FROM customers WHERE tenant_id = $1 AND email_key IS NOT NULL
        ORDER BY external_id`,
      [tenantId],
    );
    expect(rows).toEqual([
      // The customer the orders created is filled in, not doubled.
      { external_id: '17850', email_key: 'nora.berg@example.com' },
      { external_id: 'email:ana@example.com', email_key: 'ana@example.com' },
    ]);
    const again = await finished(
      (await upload(admin, 'kind=customers&fileName=c.csv', customers)).body.id,
    );
    expect(again).toMatchObject({ rowsImported: 0, rowsUnchanged: 2 });

    const mentions = [
      'tweet_id,airline,name,text,tweet_created,retweet_count,airline_sentiment',
      '570306133677760513,Virgin America,cairdin,@VirginAmerica What @dhepburn said.,2015-02-24 11:35:52 -0800,0,neutral',
      '570301130888122368,Virgin America,jnardino,@VirginAmerica plus you added commercials,2015-02-24 11:15:59 -0800,2,positive',
    ].join('\n');
    const imported = await finished(
      (await upload(admin, 'kind=mentions&fileName=m.csv', mentions)).body.id,
    );
    expect(imported).toMatchObject({ status: 'succeeded', rowsImported: 2 });
    const [mention] = await guild.db.query<{ reach: number; posted: string; sentiment: string }>(
      `SELECT reach, posted_at AT TIME ZONE 'UTC' AS posted, sentiment FROM mentions
        WHERE tenant_id = $1 AND external_id = '570301130888122368'`,
      [tenantId],
    );
    expect(mention).toMatchObject({ reach: 2, sentiment: 'positive' });
  });
});

describe('an import cut short', () => {
  it('resumes after its checkpoint and duplicates nothing', async () => {
    const other = await addTenant(guild, 'resume');
    const rows = Array.from(
      { length: 40 },
      (_, index) =>
        `5${String(index).padStart(5, '0')},2242${index % 7},ITEM ${index},${(index % 5) + 1},` +
        `2011-01-0${(index % 9) + 1} 10:00:00,1.25,${12000 + (index % 6)},United Kingdom`,
    );
    const text = [HEADER, ...rows].join('\n');
    const file = path.join(dataDir, 'resume.csv');
    writeFileSync(file, text);
    const job = await createImportJob(guild.db, other, {
      kind: 'orders',
      preset: 'online-retail',
      mapping: null,
      origin: 'cli',
      fileName: 'resume.csv',
      filePath: file,
      fileBytes: text.length,
      fileFingerprint: null,
      dryRun: false,
      createdBy: null,
    });

    // The first run's source breaks off after 25 data rows, as a crash would stop reading.
    const cut = [HEADER, ...rows.slice(0, 25)].join('\n') + '\n';
    const breaking = new Readable({
      read() {
        this.push(cut);
        this.destroy(new Error('the disk went away'));
      },
    });
    await expect(
      executeImportJob(guild.db, other, job.id, {
        dataDir,
        source: breaking,
        batchRows: 10,
      }),
    ).rejects.toThrow();
    const crashed = await getImportJob(guild.db, other, job.id);
    expect(crashed?.status).toBe('failed');
    expect(crashed?.checkpointLine).toBeGreaterThan(0);
    expect(crashed?.checkpointLine).toBeLessThan(41);

    const resumed = await executeImportJob(guild.db, other, job.id, { dataDir, batchRows: 10 });
    expect(resumed.job.status).toBe('succeeded');
    expect(resumed.outcome?.resumedFromLine).toBe(crashed?.checkpointLine);
    expect(resumed.job.rowsRead).toBe(40);
    expect(resumed.job.rowsImported + resumed.job.rowsUnchanged).toBe(40);
    const [counted] = await guild.db.query<{ lines: number; orders: number }>(
      `SELECT count(*)::int AS lines, count(DISTINCT order_id)::int AS orders FROM order_lines
        WHERE tenant_id = $1`,
      [other],
    );
    expect(counted).toEqual({ lines: 40, orders: 40 });
  });
});

const casesFile = path.resolve(import.meta.dirname, '../../../shared/cases/cases.jsonl');
const casesPresent = existsSync(casesFile);

describe.skipIf(!casesPresent)('shared case csv-06 against the database', () => {
  it(
    casesPresent ? 'csv-06: e-mails match without case, in the file and in Guild' : 'skipped',
    async () => {
      const line = readFileSync(casesFile, 'utf8')
        .split('\n')
        .find((text) => text.includes('"id": "csv-06"'));
      const shared = JSON.parse(line ?? '{}') as {
        input: { existing_customers: string[]; text: string };
        expected: {
          created: number;
          merged_into_existing: number;
          customers_total_after: number;
          duplicates_reported: number;
          import_errors: number;
        };
      };
      const other = await addTenant(guild, 'csv-six');
      for (const [index, email] of shared.input.existing_customers.entries()) {
        await guild.db.query(
          `INSERT INTO customers (id, tenant_id, external_id, email, email_key, source)
           VALUES (gen_random_uuid(), $1, $2, $3, lower($3), 'crm')`,
          [other, `CRM-${index + 1}`, email],
        );
      }
      const file = path.join(dataDir, 'csv-06.csv');
      writeFileSync(file, shared.input.text);
      const job = await createImportJob(guild.db, other, {
        kind: 'customers',
        preset: 'customers',
        mapping: null,
        origin: 'cli',
        fileName: 'csv-06.csv',
        filePath: file,
        fileBytes: null,
        fileFingerprint: null,
        dryRun: false,
        createdBy: null,
      });
      const { outcome } = await executeImportJob(guild.db, other, job.id, { dataDir });
      const [counted] = await guild.db.query<{ total: number; created: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE source = 'import')::int AS created
           FROM customers WHERE tenant_id = $1`,
        [other],
      );
      const merged =
        outcome?.errors.byReason.find((entry) => entry.reason.startsWith('same e-mail'))?.count ??
        0;
      expect({
        created: counted?.created,
        merged_into_existing: merged,
        customers_total_after: counted?.total,
        duplicates_reported: merged,
        import_errors: outcome?.rowsSkipped,
      }).toEqual({
        created: shared.expected.created,
        merged_into_existing: shared.expected.merged_into_existing,
        customers_total_after: shared.expected.customers_total_after,
        duplicates_reported: shared.expected.duplicates_reported,
        import_errors: shared.expected.import_errors,
      });
    },
  );
});
