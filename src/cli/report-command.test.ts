import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTenant } from '../tenancy/tenancy.service.js';
import { cliKit } from '../../test/support/cli-kit.js';
import { parsePeriod } from './report-command.js';

describe('guild report roi', () => {
  const { guild, withData, dataDir, cleanup } = cliKit('report');
  afterAll(cleanup);

  it('reads a period of two months', () => {
    expect(parsePeriod('2025-01..2025-12')).toEqual({ from: '2025-01', to: '2025-12' });
    expect(parsePeriod('2025-13..2025-12')).toBeNull();
    expect(parsePeriod('2025-01')).toBeNull();
  });

  it('writes the report, and says clearly what is wrong with a bad request', async () => {
    await withData(async (db) => {
      for (const slug of ['northwind', 'southwind']) {
        await createTenant(db, {
          slug,
          name: slug === 'northwind' ? 'Northwind' : 'Südwind',
          defaultLocale: slug === 'northwind' ? 'en-GB' : 'de-DE',
          regions: [
            {
              code: 'UK',
              name: 'United Kingdom',
              currency: 'GBP',
              locale: 'en-GB',
              timezone: 'Europe/London',
            },
          ],
          segments: [],
        });
      }
    });
    const html = path.join(dataDir, 'north.html');
    const wrote = await guild([
      'report',
      'roi',
      '--period',
      '2025-01..2025-03',
      '--tenant',
      'northwind',
      '--format',
      'html',
      '--out',
      html,
    ]);
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(wrote.stdout.trim().split('\n')).toHaveLength(1);
    expect(wrote.stdout).toMatch(
      /^Wrote .*north\.html: HTML, \d+ bytes, northwind 2025-01\.\.2025-03, en-GB/,
    );
    expect(readFileSync(html, 'utf8')).toContain('Community engagement rate');

    const pdf = path.join(dataDir, 'south.pdf');
    const german = await guild([
      'report',
      'roi',
      '--period',
      '2025-01..2025-01',
      '--tenant',
      'southwind',
      '--out',
      pdf,
    ]);
    expect(german.code, german.stderr).toBe(0);
    expect(german.stdout).toMatch(/PDF, \d+ bytes, southwind 2025-01\.\.2025-01, de-DE/);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const badPeriod = await guild(['report', 'roi', '--period', '2025-01-2025-03']);
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toMatch(/--period takes two months as YYYY-MM\.\.YYYY-MM/);
    const reversed = await guild([
      'report',
      'roi',
      '--period',
      '2025-03..2025-01',
      '--tenant',
      'northwind',
    ]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/from must not come after to/);
    const unknown = await guild([
      'report',
      'roi',
      '--period',
      '2025-01..2025-03',
      '--tenant',
      'nope',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No tenant "nope"/);
    const several = await guild(['report', 'roi', '--period', '2025-01..2025-03']);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/name one with --tenant/);
    const region = await guild([
      'report',
      'roi',
      '--period',
      '2025-01..2025-03',
      '--tenant',
      'northwind',
      '--region',
      'XX',
    ]);
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/There is no region XX/);
  }, 240_000);
});
