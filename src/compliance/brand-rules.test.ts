/** Brand rules (BRAND-01..04) and the review rules REV-01, REV-02, REV-03 and REV-06. */
import { describe, expect, it } from 'vitest';
import {
  checkBrandRules,
  checkIndependenceClaim,
  checkReviewIncentive,
  reviewLabels,
} from './brand-rules.js';

const config = {
  competitors: ['Rivalbrew'],
  bannedPhrases: ['best in the world'],
  missions: { m1: { requiredLinks: ['guild.test/brew'], requiredCodes: ['BREW10'] } },
};
const ids = (text: string, missionId?: string) =>
  checkBrandRules(text, config, missionId).map((f) => f.ruleId);

describe('brand rules', () => {
  it('BRAND-01 flags banned claims with spans, default kinds and own phrases', () => {
    expect(ids('Smooth coffee, nice crema.')).not.toContain('BRAND-01');
    const [finding] = checkBrandRules('This brew cures headaches, best in the world', config);
    expect(finding?.ruleId).toBe('BRAND-01');
    expect(finding?.spans.map((s) => s.text)).toEqual(['cures', 'best in the world']);
  });

  it('BRAND-02 flags competitor names, disguised or not', () => {
    expect(ids('Smooth coffee')).not.toContain('BRAND-02');
    const text = 'Better than R\u0456valbrew';
    const finding = checkBrandRules(text, config).find((f) => f.ruleId === 'BRAND-02');
    expect(finding?.spans[0]?.text).toBe('R\u0456valbrew');
  });

  it('BRAND-03 and BRAND-04 want the mission link and code', () => {
    expect(ids('Try it: guild.test/brew with BREW10', 'm1')).toEqual([]);
    expect(ids('Try it today', 'm1')).toEqual(['BRAND-03', 'BRAND-04']);
  });
});

describe('review rules', () => {
  it('REV-01 refuses incentives tied to a rating, by key or by wording', () => {
    expect(checkReviewIncentive({ texts: ['Review anything you bought: +50 points'] })).toEqual([]);
    expect(
      checkReviewIncentive({ texts: ['Leave a 5-star review for 300 points'] })[0]?.ruleId,
    ).toBe('REV-01');
    expect(checkReviewIncentive({ conditions: { minRating: 4 } })[0]?.ruleId).toBe('REV-01');
  });

  it('REV-02 and REV-03 give the labels a review must carry', () => {
    expect(reviewLabels({ incentivised: false, insider: false })).toEqual([]);
    expect(
      reviewLabels({
        incentivised: true,
        incentive: '40 points',
        insider: true,
        relationship: 'a store employee',
      }),
    ).toEqual([
      { ruleId: 'REV-02', label: 'Received 40 points for reviewing' },
      { ruleId: 'REV-03', label: 'Written by a store employee' },
    ]);
  });

  it('REV-06 refuses "independent" on a retailer-run hub', () => {
    expect(checkIndependenceClaim('Reviews from our shoppers, hosted by us', true)).toEqual([]);
    expect(checkIndependenceClaim('Unbiased reviews you can trust', true)[0]?.ruleId).toBe(
      'REV-06',
    );
    expect(checkIndependenceClaim('Unbiased reviews you can trust', false)).toEqual([]);
  });
});
