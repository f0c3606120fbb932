import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliKit } from '../../test/support/cli-kit.js';

describe('guild demo --real', () => {
  const { guild, dataDir, cleanup } = cliKit('demo-real');
  afterAll(cleanup);

  it('exits 2 naming the problem when the folder is missing or lacks the files', async () => {
    const absent = await guild(['demo', '--real', path.join(dataDir, 'nowhere')]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/No data folder at .*nowhere/);

    const empty = path.join(dataDir, 'empty');
    mkdirSync(empty);
    const lacking = await guild(['demo', '--real', empty]);
    expect(lacking.code).toBe(2);
    expect(lacking.stderr).toMatch(/lacks online-retail\/online_retail\.csv\.gz/);
    expect(lacking.stderr).toMatch(/airline-tweets\/Tweets\.csv/);

    const bare = await guild(['demo', '--real']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--real needs the data folder/);
  }, 60_000);
});
