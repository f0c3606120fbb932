import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
});
