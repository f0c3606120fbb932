import { describe, expect, it } from 'vitest';
import { checkClause, checkTemplate, splitClauses, type ClauseId } from './clauses.js';
import { EXAMPLE_CLAUSES, exampleTemplate } from './example-template.js';

/** The example body with one clause replaced (or left out, with `null`). */
function withClause(id: ClauseId, text: string | null): string {
  const clauses = { ...EXAMPLE_CLAUSES } as Record<ClauseId, string>;
  const parts = Object.entries(clauses).flatMap(([key, value]) =>
    key === id ? (text === null ? [] : [text]) : [value],
  );
  return parts.join('\n\n');
}

const head = (id: ClauseId) => `## Clause {#${id}}\n\n`;

/** For each clause: a text that passes, texts that fail, and a problem each failure names. */
const CASES: Record<ClauseId, { pass: string; fail: [string, RegExp][] }> = {
  'CON-01': {
    pass: `Begin every sponsored post with "Ad" (UK) or "Sponsored" (US), up front; this covers all media, videos and live streams included.`,
    fail: [
      ['The ambassador shall comply with applicable laws.', /disclosure labels/],
      ['Use "Ad" somewhere in the caption, in all media.', /up front/],
      ['Start every post with "#ad" on Instagram.', /video and live/],
    ],
  },
  'CON-02': {
    pass: 'We monitor your posts. Remove or fix a post within 48 hours of notice; two uncured breaches and we terminate the contract.',
    fail: [
      ['We monitor your posts and may ask for changes.', /time to fix/],
      ['We monitor posts. Fix a post within 24 hours of our notice.', /ends the contract/],
    ],
  },
  'CON-03': {
    pass: 'Runs from 1 Jan 2027 to 30 Jun 2027 and renews only by written agreement. Disclosure duties survive the end.',
    fail: [
      [
        'This contract runs indefinitely from the day it is signed; it renews each year and the licence survives.',
        /open-ended/,
      ],
      ['Runs from 1 Jan 2027 to 30 Jun 2027. Duties survive the end.', /renewed/],
      ['It renews by written agreement. The licence survives.', /start and end dates/],
    ],
  },
  'CON-04': {
    pass: '€200 per month in cash plus a product allowance of €100, paid monthly; points at the standard rate. You pay your own taxes.',
    fail: [
      ['Perks as decided by the brand.', /discretion/],
      ['You receive a fee of €200 per month, paid monthly.', /taxes/],
      ['You receive points and gifts. Taxes are yours.', /amounts/],
    ],
  },
  'CON-05': {
    pass: 'You post on Instagram. Efficacy claims need prior written approval. You must not make claims about curing illness.',
    fail: [
      ['You post on Instagram twice a month.', /prior approval/],
      ['You post on TikTok. Price claims need written approval before posting.', /banned/],
    ],
  },
  'CON-06': {
    pass: 'Opinions must be your own and honest. Endorse only products you have actually used. Negative feedback is allowed.',
    fail: [
      [
        'Your opinions are your own; endorse what you have actually used. Negative views are welcome. Posts must be positive.',
        /positive content/,
      ],
      ['Endorse only what you have actually used. Negative views are welcome.', /own, honestly/],
      ['Your honest opinion counts, about products you have actually used.', /negative views/],
    ],
  },
  'CON-07': {
    pass: 'You own your content; we may reuse it organically for 12 months, paid use needs a fee.',
    fail: [
      ['You own your content; we may reuse it for 12 months.', /paid ads/],
      ['We hold a licence to your content; paid ads need a fee.', /how long/],
    ],
  },
  'CON-08': {
    pass: 'We process your CRM data and social metrics for the purpose of running the program, retained for 12 months. Access is only through API scopes you consented to.',
    fail: [
      [
        'We process your CRM data for the purpose of running the program, retained for 12 months. You provide your account passwords to our team.',
        /passwords/,
      ],
      ['We process your CRM data to run the program. We never ask for passwords.', /how long/],
    ],
  },
  'CON-09': {
    pass: 'Either side may terminate with 30 days notice. No competitor promotion. You are an independent contractor.',
    fail: [
      ['No competitor promotion. You are an independent contractor.', /notice period/],
      ['Either side may terminate with 30 days notice. Behave well.', /independent contractor/],
    ],
  },
  'CON-10': {
    pass: 'The brand records all product gifts and payments in its CRM.',
    fail: [['We are grateful for your work.', /records every gift/]],
  },
};

describe('checkClause', () => {
  for (const [id, cases] of Object.entries(CASES) as [ClauseId, (typeof CASES)[ClauseId]][]) {
    it(`${id} passes a clause that says what it must, and fails one that does not`, () => {
      expect(checkClause(id, head(id) + cases.pass)).toEqual([]);
      for (const [text, problem] of cases.fail) {
        const problems = checkClause(id, head(id) + text);
        expect(problems.join(' | '), text).toMatch(problem);
      }
    });
  }
});

describe('checkTemplate', () => {
  it('passes the example contract, with every clause present', () => {
    const check = checkTemplate(exampleTemplate());
    expect(check.missing).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(check.publishable).toBe(true);
    expect(check.clauses.every((c) => c.present)).toBe(true);
  });

  it('blocks a template missing a B clause and only warns for a W clause', () => {
    const noDisclosure = checkTemplate(withClause('CON-01', null));
    expect(noDisclosure.publishable).toBe(false);
    expect(noDisclosure.missing.map((m) => m.clause)).toEqual(['CON-01']);
    expect(noDisclosure.missing[0]!.problem).toMatch(/^missing/);

    const noRecords = checkTemplate(withClause('CON-10', null));
    expect(noRecords.publishable).toBe(true);
    expect(noRecords.warnings).toEqual([
      expect.objectContaining({ clause: 'CON-10', severity: 'W' }),
    ]);
  });

  it('blocks "posts must be positive" even when the rest of the clause is right', () => {
    const scripted = checkTemplate(
      withClause('CON-06', `${EXAMPLE_CLAUSES['CON-06']}\n\nAll posts must be positive.`),
    );
    expect(scripted.missing.map((m) => m.clause)).toEqual(['CON-06']);
    expect(scripted.missing[0]!.problem).toMatch(/positive/);
  });

  it('reads a clause up to the next heading of its level, and ignores untagged sections', () => {
    const body = [
      '# Agreement',
      '## Records {#CON-10}',
      '### Detail',
      'We record every gift.',
      '## Other',
      'Payments are logged nowhere.',
      '## Unknown {#CON-99}',
    ].join('\n');
    const clauses = splitClauses(body);
    expect(clauses.map((c) => c.id)).toEqual(['CON-10']);
    expect(clauses[0]!.text).toContain('We record every gift.');
    expect(clauses[0]!.text).not.toContain('Payments');
    expect(checkClause('CON-10', clauses[0]!.text)).toEqual([]);
  });
});
