import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/test-database.js';
import { createTenant } from '../../tenancy/tenancy.service.js';
import { sqlRows, type Database } from '../db/database.js';
import { createLogger } from '../logging/logger.js';
import { JobRunner, JobTask, type TenantJobData } from './jobs.js';

interface NoteData extends TenantJobData {
  note: string;
}

class RecordNoteTask extends JobTask<NoteData> {
  readonly name = 'record-note';

  async run(data: NoteData, context: { db: Database }): Promise<void> {
    await context.db.tenant(data.tenantId, (tx) =>
      tx.execute(sql`insert into audit_log (tenant_id, action, details)
        values (${data.tenantId}, 'job.note', ${JSON.stringify({ note: data.note })}::jsonb)`),
    );
  }
}

class AlwaysFailTask extends JobTask<TenantJobData> {
  readonly name = 'always-fail';
  override readonly retryLimit = 1;
  override readonly retryDelaySeconds = 1;
  failures: string[] = [];
  attempts = 0;

  run(): Promise<void> {
    this.attempts += 1;
    return Promise.reject(new Error('the partner system is down'));
  }

  override onFailed(data: TenantJobData): void {
    this.failures.push(data.tenantId);
  }
}

let db: Database;
let runner: JobRunner;
let tenantId: string;
const note = new RecordNoteTask();
const failing = new AlwaysFailTask();

beforeAll(async () => {
  db = await freshDatabase();
  tenantId = await createTenant(db, {
    slug: 'jobs',
    name: 'Jobs',
    defaultLocale: 'en-GB',
    regions: [],
    segments: [],
  });
  runner = new JobRunner(db, createLogger('silent'), { pollingIntervalSeconds: 0.5 });
  runner.register(note);
  runner.register(failing);
  await runner.start();
}, 60_000);

afterAll(async () => {
  await runner.stop();
  await db.close();
});

async function until(check: () => Promise<boolean>, seconds = 20): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('condition not met in time');
}

describe('background jobs', () => {
  it("runs a job once, inside its own tenant's data", async () => {
    const id = await runner.send(note, { tenantId, note: 'restock the linen duvet covers' });
    await until(async () => (await runner.state(note, id)) === 'completed');
    const rows = await db.tenant(tenantId, (tx) =>
      sqlRows<{ details: { note: string } }>(
        tx,
        sql`select details from audit_log
        where action = 'job.note'`,
      ),
    );
    expect(rows.map((r) => r.details.note)).toEqual(['restock the linen duvet covers']);
  });

  it('retries a failing job, then gives up and reports it', async () => {
    const id = await runner.send(failing, { tenantId });
    await until(async () => (await runner.state(failing, id)) === 'failed', 30);
    expect(failing.attempts).toBe(2);
    expect(failing.failures).toEqual([tenantId]);
  });
});
