/**
 * The disclosure rules one by one: for each, a post that passes and one that fails, written for
 * these tests. Labels must be found however they are disguised, and never inside other words.
 */
import { describe, expect, it } from 'vitest';
import {
  checkDisclosure,
  checkIncentivisedReaction,
  type DisclosureInput,
  type RuleResult,
} from './disclosure.js';

const AMBASSADOR = { ambassadorContract: true };

function ruleOf(input: DisclosureInput, id: string): RuleResult {
  const found = checkDisclosure(input).rules.find((r) => r.id === id);
  if (found === undefined) {
    throw new Error(`rule ${id} was not evaluated`);
  }
  return found;
}

function outcome(text: string, id: string, extra: Partial<DisclosureInput> = {}) {
  return ruleOf({ text, triggers: AMBASSADOR, ...extra }, id).outcome;
}

describe('label words', () => {
  it.each([
    '#ad new lamp for the den',
    'Ad: new lamp',
    'AD | new lamp',
    'New lamp (ad)',
    'Ad — lamp',
    'ＡＤ: lamp',
  ])('reads %s as a disclosure', (text) => {
    expect(checkDisclosure({ text, triggers: AMBASSADOR }).disclosureFound).toBe(true);
  });

  it.each([
    'Fresh #adidas runners for the #adventure ahead',
    'Edited in Adobe, add some grain',
    'I saw an ad for this lamp and bought it',
    'Ad-free listening on the new speaker',
    'This video is not sponsored by anyone',
  ])('does not read %s as a disclosure', (text) => {
    expect(checkDisclosure({ text, triggers: AMBASSADOR }).disclosureFound).toBe(false);
  });

  it('sees through invisible characters and look-alikes, with offsets in the original', () => {
    const text = 'Hi! #\u0430\u200bd lamp for the den';
    const result = checkDisclosure({ text, triggers: AMBASSADOR });
    expect(result.disclosureFound).toBe(true);
    expect(result.disclosurePosition).toBe(4);
    const evidence = result.rules.find((r) => r.id === 'DISC-02')!.evidence[0]!;
    expect(text.slice(evidence.start, evidence.end)).toBe(evidence.text);
    expect(evidence.text).toBe('#\u0430\u200bd');
  });
});

describe('DISC rules', () => {
  it('DISC-01 needs a label when a trigger holds', () => {
    expect(outcome('Ad: the kettle boils in two minutes', 'DISC-01')).toBe('passed');
    expect(outcome('The kettle boils in two minutes', 'DISC-01')).toBe('failed');
    expect(outcome('Grab it with code KETTLE20 today', 'DISC-01', { triggers: {} })).toBe('failed');
  });

  it('DISC-02 wants clear wording', () => {
    expect(outcome('Sponsored: a week with the kettle', 'DISC-02')).toBe('passed');
    expect(outcome('Kettlemaker pays me as an ambassador. Week one:', 'DISC-02')).toBe('passed');
    expect(outcome('A week with the kettle #spon #partner', 'DISC-02')).toBe('failed');
  });

  it('DISC-03 tolerates ambiguous tags only beside a label', () => {
    expect(outcome('Ad · #KettleAmbassador three reasons', 'DISC-03')).toBe('passed');
    const alone = ruleOf(
      { text: '#KettleAmbassador three reasons', triggers: AMBASSADOR },
      'DISC-03',
    );
    expect(alone.outcome).toBe('failed');
    expect(alone.severity).toBe('W');
    expect(
      ruleOf({ text: 'Three reasons, thanks @kettleco', triggers: AMBASSADOR }, 'DISC-03').severity,
    ).toBe('B');
  });

  it('DISC-03 wants ambiguous tags next to the label, not far from it', () => {
    const far = `Ad: a week with the kettle. ${'Notes on taste and speed. '.repeat(4)}#collab`;
    const result = ruleOf({ text: far, triggers: AMBASSADOR }, 'DISC-03');
    expect(result.outcome).toBe('failed');
    expect(result.severity).toBe('W');
    expect(result.evidence.map((e) => e.text)).toEqual(['#collab']);
  });

  it('DISC-04 wants the label before every cut', () => {
    expect(outcome('#ad my desk setup', 'DISC-04')).toBe('passed');
    const long = `${'My desk setup, cable by cable, with notes. '.repeat(4)}#ad`;
    expect(outcome(long, 'DISC-04')).toBe('failed');
    expect(outcome('My desk setup, cable by cable #ad', 'DISC-04', { previewChars: 20 })).toBe(
      'failed',
    );
  });

  it('DISC-05 refuses a label lost in trailing hashtags', () => {
    expect(outcome('Ad. Wool mittens. #winter #mittens', 'DISC-05')).toBe('passed');
    expect(outcome('Wool mittens #winter #knit #ad #warm', 'DISC-05')).toBe('failed');
  });

  it('DISC-06 does not count a profile label', () => {
    expect(
      outcome('Ad: the mittens again', 'DISC-06', { profileBio: 'Paid partner of Knitco' }),
    ).toBe('passed');
    const failed = ruleOf(
      { text: 'The mittens again', triggers: AMBASSADOR, profileBio: 'Ad · Knitco ambassador' },
      'DISC-06',
    );
    expect(failed.outcome).toBe('failed');
    expect(failed.message).toMatch(/profile label does not count/);
    expect(failed.evidence[0]?.field).toBe('profileBio');
  });

  it('DISC-07 wants video labelled on screen and spoken', () => {
    const video = { mediaKind: 'video' as const };
    expect(
      outcome('#ad unboxing', 'DISC-07', { ...video, onScreenLabel: true, spokenLabel: true }),
    ).toBe('passed');
    expect(outcome('#ad unboxing', 'DISC-07', video)).toBe('failed');
    expect(
      outcome('#ad unboxing', 'DISC-07', {
        mediaKind: 'live',
        onScreenLabel: true,
        spokenLabel: true,
      }),
    ).toBe('failed');
  });

  it('DISC-08 wants the label in the post language or Ad', () => {
    expect(outcome('Publicidad: mi rutina con la crema de la marca', 'DISC-08')).toBe('passed');
    expect(outcome('Ad: mi rutina con la crema de la marca', 'DISC-08')).toBe('passed');
    expect(
      outcome('Mi rutina con la crema de la marca y es muy buena. Sponsored by Cremas', 'DISC-08'),
    ).toBe('failed');
  });

  it('DISC-09 says when the Sponsored badge is required', () => {
    expect(checkDisclosure({ text: 'Tea time', declaredPaid: true }).badgeRequired).toBe(true);
    expect(outcome('Tea time', 'DISC-09', { triggers: {}, declaredPaid: true })).toBe('passed');
    expect(checkDisclosure({ text: 'Tea time' }).badgeRequired).toBe(false);
    expect(outcome('Tea time', 'DISC-09', { triggers: {} })).toBe('not_applicable');
  });

  it('DISC-10 refuses points for likes of brand posts without a mark', () => {
    const like = { action: 'like', targetIsBrandContent: true, points: 20 };
    expect(checkIncentivisedReaction({ ...like, showsIncentivisedLabel: true }).outcome).toBe(
      'passed',
    );
    expect(checkIncentivisedReaction(like).outcome).toBe('failed');
    expect(checkIncentivisedReaction({ ...like, action: 'review' }).outcome).toBe('not_applicable');
  });

  it('DISC-11 flags praise for something not yet tried', () => {
    expect(outcome('Ad. Ran it daily for a month; the battery lasts.', 'DISC-11')).toBe('passed');
    expect(outcome('Ad. Haven’t even unboxed it but best blender ever', 'DISC-11')).toBe('failed');
  });

  it('DISC-12 flags claims that need proof', () => {
    expect(outcome('Ad. I like the mint flavour.', 'DISC-12')).toBe('passed');
    expect(outcome('Ad. Dropped 6 kg in a fortnight with this shake', 'DISC-12')).toBe('failed');
    expect(outcome('Ad. Clinically proven glow, results guaranteed', 'DISC-12')).toBe('failed');
  });
});

describe('market packs', () => {
  const uk = { market: 'UK' as const };
  it('UK-01 wants an always-acceptable label', () => {
    expect(outcome('#ad Blendco asked me to show the blender', 'UK-01', uk)).toBe('passed');
    expect(outcome('Sponsored by Blendco: smoothie time', 'UK-01', uk)).toBe('failed');
  });
  it('UK-02 wants Ad beside gifted or affiliate wording', () => {
    expect(outcome('Ad · gifted by Blendco, on their programme', 'UK-02', uk)).toBe('passed');
    expect(outcome('Smoothie season, gifted by Blendco', 'UK-02', uk)).toBe('failed');
  });
  it('UK-03 refuses never-acceptable wording', () => {
    expect(outcome('Ad: smoothie time', 'UK-03', uk)).toBe('passed');
    expect(outcome('In collaboration with @blendco, smoothie time', 'UK-03', uk)).toBe('failed');
  });
  it('UK-04 wants the label before see more', () => {
    expect(outcome('Ad: smoothie time', 'UK-04', uk)).toBe('passed');
    expect(outcome(`${'Smoothie time, step by step. '.repeat(5)}#ad`, 'UK-04', uk)).toBe('failed');
  });
  it('does not evaluate UK rules outside the UK', () => {
    expect(checkDisclosure({ text: 'Ad: x' }).rules.some((r) => r.id.startsWith('UK-'))).toBe(
      false,
    );
  });
  it('DE accepts Werbung and Anzeige, and sends Ad alone to review', () => {
    const de = { market: 'DE' as const, triggers: AMBASSADOR };
    expect(outcome('Werbung: mein neuer Mixer', 'DE-01', de)).toBe('passed');
    expect(outcome('#ad mein neuer Mixer', 'DE-01', de)).toBe('failed');
    expect(checkDisclosure({ text: '#ad mein neuer Mixer', ...de }).decision).toBe('review');
    expect(
      outcome(`${'Mein neuer Mixer, Schritt für Schritt. '.repeat(4)}#werbung`, 'DE-02', de),
    ).toBe('failed');
  });
  it('IE follows the Ad ladder', () => {
    expect(outcome('AD | my new blender', 'IE-01', { market: 'IE' })).toBe('passed');
    expect(outcome('#gifted my new blender', 'IE-01', { market: 'IE' })).toBe('failed');
  });
});

describe('decision', () => {
  it('is ok, review or needs_fix by the worst failed severity', () => {
    expect(checkDisclosure({ text: 'Ad: tea', triggers: AMBASSADOR }).decision).toBe('ok');
    expect(
      checkDisclosure({ text: 'Ad: this tea is guaranteed', triggers: AMBASSADOR }).decision,
    ).toBe('review');
    expect(checkDisclosure({ text: 'Tea', triggers: AMBASSADOR }).decision).toBe('needs_fix');
    expect(checkDisclosure({ text: 'Tea with friends' }).decision).toBe('ok');
  });
});
