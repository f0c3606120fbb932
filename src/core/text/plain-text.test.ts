import { describe, expect, it } from 'vitest';
import { plainTextLine } from './plain-text.js';

describe('plainTextLine', () => {
  it('removes bidi overrides, zero-width and control characters, and collapses spaces', () => {
    expect(plainTextLine('\u202eadmin\u200b')).toBe('admin');
    expect(plainTextLine('Wool\u00adcoat  \t sizing\u0007')).toBe('Woolcoat sizing');
    expect(plainTextLine('  Zoe\u0308 R ')).toBe('Zoë R');
  });
});
