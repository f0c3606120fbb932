import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize.js';
import {
  buildPhraseText,
  compilePhraseRules,
  isNegated,
  type PhraseMatch,
  type PhraseRuleSpec,
} from './phrase-text.js';
import { SPAM_PHRASE_RULES } from './spam.js';
import { TOXICITY_CLASSES, TOXICITY_RULES } from './toxicity-rules.js';
import { compileWords } from './word-matcher.js';

const classes = compileWords([
  { phrase: 'idiot', payload: '_ins_' },
  { phrase: 'piece of shit', payload: '_ins_' },
]);

function matches(
  rules: ReturnType<typeof compilePhraseRules>,
  text: string,
  anchored = true,
  vocabulary = classes,
): string[] {
  const n = normalizeText(text);
  const phrases = buildPhraseText(n, vocabulary);
  const out: string[] = [];
  const visit = (rule: PhraseRuleSpec, m: PhraseMatch) =>
    out.push(`${rule.source}=${n.text.slice(m.start, m.end)}`);
  if (anchored) {
    rules.run(phrases, visit);
  } else {
    rules.runUnanchored(phrases, visit);
  }
  return out.sort();
}

describe('buildPhraseText', () => {
  it('squeezes repeats, marks classes and sentence breaks', () => {
    const phrases = buildPhraseText(
      normalizeText("You're a piece of shiiit. I'll kiiill 100 idiots"),
      classes,
    );
    expect(phrases.line).toBe('you re a _ins_ # i l kil 100 idiots');
    expect(phrases.words).toHaveLength(10);
  });

  it('is empty for a text without words', () => {
    expect(buildPhraseText(normalizeText('!!! ...')).line).toBe('');
  });
});

describe('compilePhraseRules', () => {
  const rules = compilePhraseRules([
    { anchors: ['you', 'u'], source: '(?:you|u) (?:are )?(?:a )?_ins_' },
    { anchors: ['kill'], source: 'kill (?:you|him)' },
  ]);

  it('matches whole words with squeezed spelling and maps back to the text', () => {
    expect(matches(rules, 'U are a piece of shit')).toEqual([
      '(?:you|u) (?:are )?(?:a )?_ins_=u are a piece of shit',
    ]);
    expect(matches(rules, 'I will kiiiil you')).toEqual(['kill (?:you|him)=kiil you']);
    expect(matches(rules, 'skill youth')).toEqual([]);
  });

  it('refuses patterns with escapes', () => {
    expect(() => compilePhraseRules([{ anchors: ['a'], source: 'a\\s' }])).toThrow(/escapes/);
  });
});

describe('rule anchors', () => {
  const texts = [
    'you are an idiot and nobody wants you here, shut up',
    'I will kill you. I know where you live, watch your back',
    'kill yourself, kys, I want to die, I hurt myself',
    'immigrants are vermin, go back to your country, kill all the jews',
    "you'll regret this, I'm going to find you and hurt you",
    'Check out my channel, subscribe to my page, DM me on WhatsApp',
    'Earn 500 a day from home with crypto investment, free gift card, click here',
    'all women are stupid and the refugees should die',
    'I would never hurt you and you are not stupid',
  ];

  let total = 0;
  it.each(texts)('find the same matches as a full scan: %s', (text) => {
    const toxicity = TOXICITY_RULES as unknown as ReturnType<typeof compilePhraseRules>;
    const spam = SPAM_PHRASE_RULES as unknown as ReturnType<typeof compilePhraseRules>;
    const anchored = [
      ...matches(toxicity, text, true, TOXICITY_CLASSES),
      ...matches(spam, text, true, undefined),
    ];
    const scanned = [
      ...matches(toxicity, text, false, TOXICITY_CLASSES),
      ...matches(spam, text, false, undefined),
    ];
    expect(anchored).toEqual(scanned);
    expect(anchored.length).toBeGreaterThan(0);
    total += anchored.length;
  });

  it('exercised many rules', () => {
    expect(total).toBeGreaterThan(20);
  });
});

describe('isNegated', () => {
  const rules = compilePhraseRules([{ anchors: ['hurt'], source: 'hurt you' }]);
  function negated(text: string, inside: boolean): boolean {
    const phrases = buildPhraseText(normalizeText(text));
    let result: boolean | undefined;
    rules.run(phrases, (_rule, m) => {
      result = isNegated(phrases, m, inside);
    });
    if (result === undefined) {
      throw new Error(`no match in ${text}`);
    }
    return result;
  }

  it('sees a negation shortly before the match', () => {
    expect(negated('I would never hurt you', true)).toBe(true);
    expect(negated("I don't want to hurt you", true)).toBe(true);
    expect(negated('I will hurt you', true)).toBe(false);
  });

  it('does not look past a sentence break or too far back', () => {
    expect(negated('Not me. I will hurt you', true)).toBe(false);
    expect(negated('not that I said I will really hurt you', true)).toBe(false);
  });
});
