import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-moderation-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const env = {
  ...process.env,
  GUILD_PGLITE_DIR: dataDir,
  DATABASE_URL: '',
  GUILD_LOG_LEVEL: 'silent',
};
const guild = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env });

async function failure(running: Promise<unknown>): Promise<{ code: number; stderr: string }> {
  try {
    await running;
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error('the command succeeded');
}

describe('guild moderation', () => {
  it('checks a text and shows the decision with the span that caused it', async () => {
    const held = await guild([
      'moderation',
      'check',
      'Call me on +44 7700 900123 about the return.',
    ]);
    expect(held.stdout).toMatch(/^decision: hold \(personal_data\)/);
    expect(held.stdout).toContain('"+44 7700 900123"');
    const clean = await guild(['moderation', 'check', 'Does the kettle come in grey?']);
    expect(clean.stdout).toMatch(/^decision: allow/);
  }, 60_000);

  it('imports labels, trains a candidate, promotes it only when it is better, and reports bad rows', async () => {
    await guild(['tenant', 'create', '--slug', 'northwind', '--name', 'Northwind']);
    const bad = path.join(dataDir, 'bad.csv');
    writeFileSync(bad, 'text,toxic\n"fine text",0\n"broken",7\n');
    const refused = await failure(
      guild(['moderation', 'import-labels', bad, '--tenant', 'northwind']),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/line 3, column 2 \(toxic\)/);

    const rows = ['text,toxic'];
    for (let n = 0; n < 30; n += 1) {
      rows.push(`"Update ${n} on the sale: total grotwaffle behaviour from that one",1`);
      rows.push(`"Update ${n} on the sale: these boots are the shit, proper badass",0`);
    }
    const good = path.join(dataDir, 'labels.csv');
    writeFileSync(good, rows.join('\n'));
    const stored = await guild(['moderation', 'import-labels', good, '--tenant', 'northwind']);
    expect(stored.stdout).toMatch(/Stored 60 labelled rows/);

    const trained = await guild(['moderation', 'train', '--tenant', 'northwind']);
    expect(trained.stdout).toMatch(/Trained v1 on \d+ rows; evaluated on \d+/);
    expect(trained.stdout).toMatch(/bias check: passed/);
    expect(trained.stdout).toMatch(/v1 beats the live version/);
    const promoted = await guild(['moderation', 'promote', 'v1', '--tenant', 'northwind']);
    expect(promoted.stdout).toMatch(/v1 is now live in northwind/);
    const evaluated = await guild([
      'moderation',
      'eval',
      '--tenant',
      'northwind',
      '--version',
      'v1',
    ]);
    expect(evaluated.stdout).toMatch(/toxic\s+\d+\s+[01]\.\d{3}/);
  }, 180_000);
});
