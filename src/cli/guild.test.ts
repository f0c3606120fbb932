import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli } from './guild.js';

const run = promisify(execFile);

/** The exit code and error output of a command expected to fail. */
async function failure(running: Promise<unknown>): Promise<{ code: number; stderr: string }> {
  try {
    await running;
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error('the command succeeded');
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

describe('the guild command', () => {
  it('describes every command and subcommand in its --help', () => {
    const commands = allCommands(buildCli());
    const names = commands.map((c) => c.name());
    for (const expected of ['start', 'migrate', 'demo', 'user', 'create', 'tenant']) {
      expect(names).toContain(expected);
    }
    for (const command of commands) {
      expect(command.description(), command.name()).not.toBe('');
      expect(command.helpInformation()).toMatch(/^Usage: /);
    }
  });

  const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a tenant and a user from the shell, and explains bad input', async () => {
    const env = {
      ...process.env,
      GUILD_PGLITE_DIR: dataDir,
      DATABASE_URL: '',
      GUILD_LOG_LEVEL: 'silent',
    };
    const guild = (args: string[], extra: Record<string, string> = {}) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        env: { ...env, ...extra },
      });

    const tenant = await guild(['tenant', 'create', '--slug', 'northwind', '--name', 'Northwind']);
    expect(tenant.stdout).toMatch(/Created tenant northwind/);

    const user = await guild(
      [
        'user',
        'create',
        '--tenant',
        'northwind',
        '--email',
        'Ops@Example.com',
        '--username',
        'ops_lead',
        '--role',
        'admin',
      ],
      { GUILD_NEW_PASSWORD: 'brass-lantern-harbour' },
    );
    expect(user.stdout).toMatch(/Created admin ops_lead/);

    const weak = guild(
      ['user', 'create', '--tenant', 'northwind', '--email', 'b@example.com', '--username', 'bee'],
      { GUILD_NEW_PASSWORD: 'password123' },
    );
    const weakFailure = await failure(weak);
    expect(weakFailure.code).toBe(2);
    expect(weakFailure.stderr).toMatch(/password/i);

    const badRole = guild([
      'user',
      'create',
      '--tenant',
      'x',
      '--email',
      'e@x.io',
      '--username',
      'abc',
      '--role',
      'king',
    ]);
    expect((await failure(badRole)).stderr).toMatch(/Role must be/);
  }, 60_000);

  it('imports a file idempotently and explains what it cannot import', async () => {
    const env = {
      ...process.env,
      GUILD_PGLITE_DIR: path.join(dataDir, 'imports-db'),
      GUILD_DATA_DIR: path.join(dataDir, 'imports-data'),
      DATABASE_URL: '',
      GUILD_LOG_LEVEL: 'silent',
    };
    const guild = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env });
    const file = path.join(dataDir, 'orders.csv');
    writeFileSync(file, 'InvoiceNo\n1\n');
    // An empty database gets no demo community for another tenant's import.
    const noTenant = await failure(
      guild(['import', 'orders', file, '--preset', 'online-retail', '--tenant', 'harbour']),
    );
    expect(noTenant.stderr).toMatch(/No community "harbour"\. Create it with `guild tenant create/);
    await guild(['tenant', 'create', '--slug', 'harbour', '--name', 'Harbour Gifts']);
    writeFileSync(
      file,
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
        '536366,POST,POSTAGE,1,2010-12-01 08:28:00,18.00,,France',
        '536367,22423,CAKESTAND,one,2010-12-01 08:30:00,12.75,13047,United Kingdom',
      ].join('\n'),
    );
    const args = ['import', 'orders', file, '--preset', 'online-retail', '--tenant', 'harbour'];

    const first = await guild(args);
    expect(first.stdout).not.toMatch(/demo community/);
    expect(first.stdout).toMatch(/rows read +3\n/);
    expect(first.stdout).toMatch(/imported +2\n/);
    expect(first.stdout).toMatch(/skipped +1\n/);
    expect(first.stdout).toMatch(/Report \(line, column, value, reason\): .*-errors\.csv/);

    const again = await guild(args);
    expect(again.stdout).toMatch(/imported +0\n/);
    expect(again.stdout).toMatch(/unchanged +2 /);

    const wrongPreset = await failure(guild(['import', 'orders', file, '--preset', 'customers']));
    expect(wrongPreset.code).toBe(2);
    expect(wrongPreset.stderr).toMatch(
      /does not import orders; use online-retail or shopify-orders/,
    );

    const missing = await failure(
      guild(['import', 'orders', path.join(dataDir, 'nope.csv'), '--preset', 'online-retail']),
    );
    expect(missing.stderr).toMatch(/No file at/);
  }, 90_000);
});
