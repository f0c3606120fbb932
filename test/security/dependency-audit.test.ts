/**
 * The dependency audit CI runs (scripts/audit.mjs), fed saved `npm audit --json` reports: a
 * high finding fails it unless audit-exceptions.json explains it, and an audit the registry
 * would not answer is reported as not run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(path.join(os.tmpdir(), 'guild-audit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function audit(report: unknown): { status: number | null; out: string } {
  const file = path.join(folder, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(report));
  const run = spawnSync(process.execPath, ['scripts/audit.mjs', '--report', file], {
    encoding: 'utf8',
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

const finding = (severity: string) => ({
  vulnerabilities: {
    'left-pad-ish': {
      severity,
      via: [{ source: 1099999, title: 'prototype pollution', url: 'https://example.invalid/1' }],
    },
  },
  metadata: {
    vulnerabilities: { critical: 0, high: severity === 'high' ? 1 : 0, moderate: 0, low: 0 },
  },
});

describe('dependency audit in CI', () => {
  it('fails on a high-severity finding nobody explained', () => {
    const result = audit(finding('high'));
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/UNEXPLAINED: high left-pad-ish \(1099999\)/);
  });

  it('passes on moderate findings, and on a clean tree', () => {
    expect(audit(finding('moderate')).status).toBe(0);
    const clean = audit({ vulnerabilities: {}, metadata: { vulnerabilities: {} } });
    expect(clean.status).toBe(0);
    expect(clean.out).toMatch(/0 high or critical unexplained/);
  });

  it('says plainly when the advisory service could not be asked', () => {
    const result = audit({ statusCode: 405, message: '405 Method Not Allowed' });
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/NOT RUN: .*405 Method Not Allowed/);
  });
});
