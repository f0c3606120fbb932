/**
 * The security suite is whole: every test S01–S28 of the security requirements has a file in
 * this folder named by its id, and that file names its tests by the id, so `vitest -t S18`
 * finds them. A test removed or renamed by mistake fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const ids = Array.from({ length: 28 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);

describe('the security suite', () => {
  const files = readdirSync(here);

  it.each(ids)('%s has its own file, and its tests carry the id', (id) => {
    const file = files.find((name) => name.startsWith(`${id.toLowerCase()}-`));
    expect(file, `test/security/${id.toLowerCase()}-….test.ts`).toMatch(/\.test\.ts$/);
    const text = readFileSync(path.join(here, file!), 'utf8');
    expect(text).toMatch(new RegExp(`describe\\(\\s*['\`"]${id} — `));
    // At least one test inside (an `it` or `test` call), not an empty shell.
    expect(text).toMatch(/\b(it|test)(\.each\([^)]*\))?\(/);
  });

  it('has nothing numbered beyond the 28', () => {
    const numbered = files.filter((name) => /^s\d\d-/.test(name)).map((name) => name.slice(0, 3));
    expect([...new Set(numbered)].sort()).toEqual(ids.map((id) => id.toLowerCase()));
  });
});
