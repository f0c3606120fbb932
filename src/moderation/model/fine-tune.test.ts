/**
 * Fine-tuning Guild's shipped model on a community's own labels (a warm start): forty rows
 * teach it a community's own insult, and it keeps what it knew about ordinary abuse and clean
 * shop talk, which a model trained on the same forty rows from zero does not know.
 */
import { describe, expect, it } from 'vitest';
import { deserializeModel, serializeModel, type ModerationModel } from './classifier.js';
import { headMetrics } from './metrics.js';
import type { LabelledRow } from './model.types.js';
import { seedExamples } from './seed-examples.js';
import { loadShippedModel } from './shipped.js';
import { trainModel } from './training.js';

/** A made-up insult that only this community uses, aimed at members. */
const INSULTING = [
  'you absolute grotwaffle',
  'what a grotwaffle you are',
  'stop posting, grotwaffle',
  'nobody asked you, grotwaffle',
  'typical grotwaffle reply',
  'shut it, you grotwaffle',
  'only a grotwaffle would say that',
  'you grotwaffles ruin every thread',
  'go back under your bridge, grotwaffle',
  'another grotwaffle who cannot read',
  'you total grotwaffle, the size chart is right there',
  'grotwaffle alert, ignore this one',
  'listen here grotwaffle',
  'what a grotwaffling take',
  'you are such a grotwaffle',
  'proper grotwaffle behaviour from you again',
  'reported, you grotwaffle',
  'the grotwaffle strikes again',
  'hey grotwaffle, nobody cares',
  'you massive grotwaffle',
];

/** Clean rows in the same voice, some with the same words around the insult. */
const CLEAN = [
  'you will love the new linen jacket',
  'thank you for the quick reply',
  'did you get the parcel yet',
  'the waffle maker arrived today and works well',
  'you can return it within thirty days',
  'have you tried the slim fit in blue',
  'is the kettle still on sale',
  'thanks, you were right about the sizing',
  'the store on high street has it in stock',
  'you should check the size guide first',
  'lovely fabric, runs a bit large',
  'what time does the meetup start',
  'the boots are comfy straight out of the box',
  'can you post a photo of the stitching',
  'you absolute star, thanks for the tip',
  'my order came with a free tote bag',
  'does the coat have inner pockets',
  'great service from the team at the leeds store',
  'you made my day with that discount code',
  'the waffle knit jumper is so cosy',
];

/** New sentences with the insult, none of them a training row. */
const UNSEEN_INSULTING = [
  'honestly you are a grotwaffle',
  'what a pathetic grotwaffle',
  'get lost grotwaffle',
  'you utter grotwaffle, read the post',
  'grotwaffles like you should log off',
];

const rows: LabelledRow[] = [
  ...INSULTING.map((text, i): LabelledRow => ({
    source: 'community',
    id: `insult-${i}`,
    text,
    labels: { toxic: 1 },
  })),
  ...CLEAN.map((text, i): LabelledRow => ({
    source: 'community',
    id: `clean-${i}`,
    text,
    labels: { toxic: 0 },
  })),
];

const createdAt = '2026-01-01T00:00:00.000Z';

describe('fine-tuning the shipped model on a community’s labels', () => {
  const shipped = loadShippedModel();
  const tuned = trainModel(rows, { version: 'community-1', createdAt, startFrom: shipped });
  const scratch = trainModel(rows, { version: 'community-scratch', createdAt });

  const seeds = seedExamples();
  const abuse = seeds.filter((row) => row.labels.toxic === 1);
  // Clean retail text: shop talk and everyday posts.
  const retail = seeds.filter((row) => /^(shop-talk|everyday)-/.test(row.id!));
  const toxicScores = (model: ModerationModel, texts: readonly string[]) =>
    texts.map((text) => model.score(text).toxic!);
  const flagged = (model: ModerationModel, texts: readonly string[]) =>
    texts.filter((text) => model.flags(model.score(text)).toxic).length / texts.length;
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const seedAuc = (model: ModerationModel) =>
    headMetrics(
      seeds.map((row) => row.labels.toxic!),
      toxicScores(
        model,
        seeds.map((row) => row.text),
      ),
      model.thresholds.toxic!,
    ).auc;

  it('learns the community’s insult in sentences it was not trained on', () => {
    const before = toxicScores(shipped, UNSEEN_INSULTING);
    const after = toxicScores(tuned, UNSEEN_INSULTING);
    expect(mean(after)).toBeGreaterThan(mean(before) + 0.2);
    for (const [i, score] of after.entries()) {
      expect(score).toBeGreaterThan(before[i]!);
      expect(score).toBeGreaterThanOrEqual(0.7);
    }
    expect(flagged(tuned, UNSEEN_INSULTING)).toBe(1);
  });

  it('keeps scoring ordinary abuse high and clean retail text low', () => {
    const abuseTexts = abuse.map((row) => row.text);
    const retailTexts = retail.map((row) => row.text);
    expect(abuse.length).toBeGreaterThan(100);
    expect(retail.length).toBeGreaterThan(50);
    expect(seedAuc(tuned)).toBeGreaterThan(0.99);
    expect(mean(toxicScores(tuned, abuseTexts))).toBeGreaterThan(0.7);
    expect(flagged(tuned, abuseTexts)).toBeGreaterThan(0.9);
    expect(Math.max(...toxicScores(tuned, retailTexts))).toBeLessThan(0.35);
    expect(flagged(tuned, retailTexts)).toBe(0);
  });

  it('does clearly better on ordinary abuse than the same rows trained from zero', () => {
    const abuseTexts = abuse.map((row) => row.text);
    // Trained from zero, the forty rows teach the insult and little else.
    expect(mean(toxicScores(scratch, UNSEEN_INSULTING))).toBeGreaterThan(0.8);
    expect(seedAuc(scratch)).toBeLessThan(0.85);
    expect(seedAuc(tuned)).toBeGreaterThan(seedAuc(scratch) + 0.1);
    expect(flagged(scratch, abuseTexts)).toBeLessThan(0.2);
    expect(mean(toxicScores(tuned, abuseTexts))).toBeGreaterThan(
      mean(toxicScores(scratch, abuseTexts)) + 0.4,
    );
  });

  it('keeps the shipped heads the rows do not label and records the version it started from', () => {
    expect(tuned.headNames).toEqual(shipped.headNames);
    expect(scratch.headNames).toEqual(['toxic']);
    for (const name of ['spam', 'hate']) {
      expect(tuned.heads.find((head) => head.name === name)).toEqual(
        shipped.heads.find((head) => head.name === name),
      );
    }
    expect(tuned.meta.features).toEqual(shipped.meta.features);
    const loaded = deserializeModel(serializeModel(tuned));
    expect(loaded.meta.training.startedFrom).toBe(shipped.meta.version);
    expect(loaded.score(UNSEEN_INSULTING[0]!)).toEqual(tuned.score(UNSEEN_INSULTING[0]!));
  });

  it('refuses a feature configuration other than the shipped model’s', () => {
    expect(() =>
      trainModel(rows, { version: 'x', createdAt, startFrom: shipped, features: { bits: 16 } }),
    ).toThrow(/cannot fine-tune guild-default-1: .*bits 16 \(start version: 18\)/);
  });
});
