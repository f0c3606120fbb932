import { describe, expect, it } from 'vitest';
import { loadShippedModel } from '../../moderation/model/shipped.js';
import { DEFAULT_POLICY } from '../../moderation/policy.js';
import { marketOf, precheckText, type PrecheckInput } from './precheck.js';

const model = loadShippedModel();

function check(change: Partial<PrecheckInput>) {
  return precheckText(
    {
      title: null,
      body: 'Ad: my morning run in the new trainers, light and comfy.',
      links: [],
      media: [],
      platforms: ['instagram'],
      market: 'UK',
      declaredPaid: false,
      triggers: {},
      brand: {},
      ...change,
    },
    DEFAULT_POLICY,
    model,
  );
}

const rules = (result: ReturnType<typeof check>) => result.findings.map((f) => f.ruleId);

describe('the content pre-check', () => {
  it('finds nothing in a labelled, plain caption', () => {
    expect(check({ triggers: { ambassadorContract: true } })).toEqual({
      findings: [],
      hint: 'clean',
    });
  });

  it('reads an affiliate link given apart from the text as a reason to disclose', () => {
    const body = 'My morning run in the new trainers, light and comfy.';
    const plain = check({ body });
    expect(rules(plain)).not.toContain('DISC-01');
    const linked = check({ body, links: ['https://amzn.to/3xYzAbc'] });
    expect(rules(linked)).toContain('DISC-01');
    expect(linked.hint).toBe('block');
    // spans never point past the body into the links
    for (const finding of linked.findings) {
      for (const span of finding.spans) {
        expect(span.end).toBeLessThanOrEqual(body.length);
      }
    }
  });

  it('places the label before the shortest cut of the platforms', () => {
    // the label starts at character 88: before Instagram's cut (125), after TikTok's (80)
    const late = `${'Rain run in the park. '.repeat(4)}#ad trainers`;
    expect(check({ body: late, platforms: ['instagram'], declaredPaid: true }).findings).toEqual(
      [],
    );
    const both = check({ body: late, platforms: ['instagram', 'tiktok'], declaredPaid: true });
    expect(rules(both)).toContain('DISC-04');
    expect(both.hint).toBe('block');
  });

  it('applies the program’s banned phrases and competitors with spans, and orders by severity', () => {
    const body = 'Ad: softer than Brandex, and the miracle fabric never pills.';
    const result = check({ body, brand: { competitors: ['Brandex'], bannedPhrases: ['miracle'] } });
    const brand = result.findings.filter((f) => f.source === 'brand');
    // "miracle" is a claim kind and a banned phrase of the program: marked once
    expect(brand.map((f) => [f.ruleId, f.spans.map((s) => s.text)])).toEqual([
      ['BRAND-01', ['miracle']],
      ['BRAND-02', ['Brandex']],
    ]);
    expect(result.findings.map((f) => f.id)).toEqual(result.findings.map((_, i) => `f${i + 1}`));
    const order = { B: 0, W: 1, I: 2 };
    const severities = result.findings.map((f) => order[f.severity]);
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
  });

  it('reports abuse the moderation pipeline finds', () => {
    const result = check({ body: 'Ad: you are a stupid idiot and everyone hates you.' });
    expect(result.findings.some((f) => f.source === 'moderation')).toBe(true);
  });

  it('maps region codes to the markets the disclosure checker knows', () => {
    expect(['GB', 'uk', 'IE', 'AT', 'DE', 'FR', 'US'].map(marketOf)).toEqual([
      'UK',
      'UK',
      'IE',
      'DE',
      'DE',
      'US',
      'US',
    ]);
  });
});
