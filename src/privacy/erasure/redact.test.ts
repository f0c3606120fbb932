import { describe, expect, it } from 'vitest';
import { MENTION_PLACEHOLDER, NAME_PLACEHOLDER, QUOTE_PLACEHOLDER, Redactor } from './redact.js';

const jane = new Redactor({
  usernames: ['jane_doe'],
  terms: ['Jane Doe', 'jane@example.com', 'janeruns'],
  texts: ['Text me on 07700 900222 if you want the spare cable.'],
});

describe('rewriting text that names an erased member', () => {
  it('turns an @mention into plain text with no link, whatever its case', () => {
    expect(jane.rewrite('@jane_doe thanks for the tip!')).toBe(
      `${MENTION_PLACEHOLDER} thanks for the tip!`,
    );
    expect(jane.rewrite('cc @JANE_DOE, @jane_doe2')).toBe(`cc ${MENTION_PLACEHOLDER}, @jane_doe2`);
  });

  it('removes a quote attributed to the member, and one that repeats their words', () => {
    const attributed = 'Agreed.\n> jane_doe wrote: Text me on 07700 900222\n\nMe too.';
    expect(jane.rewrite(attributed)).toBe(`Agreed.\n${QUOTE_PLACEHOLDER}\n\nMe too.`);
    const unattributed = '> if you want the spare cable\n> (from the swap thread)\nGone now?';
    expect(jane.rewrite(unattributed)).toBe(`${QUOTE_PLACEHOLDER}\nGone now?`);
    const otherQuote = '> the lamp shade was cheaper in store\nTrue!';
    expect(jane.rewrite(otherQuote)).toBe(otherQuote);
  });

  it('replaces names, addresses and handles as whole words only', () => {
    expect(jane.rewrite('Ask Jane Doe or mail jane@example.com, or @janeruns on Insta')).toBe(
      `Ask ${NAME_PLACEHOLDER} or mail ${NAME_PLACEHOLDER}, or @${NAME_PLACEHOLDER} on Insta`,
    );
    expect(jane.rewrite('jane_doesnt like it; Jane Does too')).toBe(
      'jane_doesnt like it; Jane Does too',
    );
  });

  it('rewrites every string inside JSON and leaves numbers alone', () => {
    expect(
      jane.rewriteJson({ text: 'hi @jane_doe', n: 3, list: ['jane@example.com', null] }),
    ).toEqual({ text: `hi ${MENTION_PLACEHOLDER}`, n: 3, list: [NAME_PLACEHOLDER, null] });
    expect(jane.touches('nothing here')).toBe(false);
    expect(jane.touches('hello jane_doe')).toBe(true);
  });
});
