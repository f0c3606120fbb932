import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, GuildError } from './errors.js';

describe('the error catalogue', () => {
  it('documents every code in docs/ERRORS.md with its status', () => {
    const doc = readFileSync(new URL('../../../docs/ERRORS.md', import.meta.url), 'utf8');
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(doc).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${entry.status}\\s*\\|`));
    }
  });

  it('uses snake_case codes and gives each error its catalogue status', () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    }
    expect(new GuildError('slug_taken').status).toBe(409);
    expect(new GuildError('rate_limited', 'slow down').message).toBe('slow down');
  });
});
