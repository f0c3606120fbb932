/**
 * Tests of the shipped model file: it loads, is small, says what it was trained on, and gets
 * sentences right that are not among the seeds (second-person insults, threats, civil
 * complaints, identity self-descriptions, product names with rude-looking parts).
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadShippedModel, shippedModelPath } from './shipped.js';

const model = loadShippedModel();

describe('shipped model', () => {
  it('is one compact file', () => {
    expect(statSync(shippedModelPath()).size).toBeLessThan(2 * 1024 * 1024);
    expect(loadShippedModel()).toBe(model);
  });

  it('records its version, heads and training snapshot', () => {
    expect(model.meta.version).toMatch(/^guild-default-\d+$/);
    expect(model.headNames.sort()).toEqual(['hate', 'spam', 'toxic']);
    const sources = Object.fromEntries(
      model.meta.training.sources.map((source) => [source.name, source.rows]),
    );
    expect(sources['hate-offensive']).toBe(24_783);
    expect(sources['youtube-spam']).toBe(1_956);
    expect(sources.seed).toBeGreaterThanOrEqual(300);
    expect(model.meta.training.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.meta.evaluation?.toxic?.auc).toBeGreaterThanOrEqual(0.98);
  });

  const flagged = (text: string, head: string) =>
    model.score(text)[head]! >= model.thresholds[head]!;

  it.each([
    'you absolute idiot, read the description',
    'shut up you pathetic loser',
    'I will find you and hurt you',
    'your customer service staff are useless morons',
    'nobody wants you in this group, get lost',
    'go to hell you fat cow',
    'I hope you die',
    'you are an embarrassment, delete your account',
  ])('flags as toxic: %s', (text) => {
    expect(flagged(text, 'toxic')).toBe(true);
  });

  it.each([
    'the parcel was late but the staff were friendly',
    'is the cocktail dress available in size 12?',
    'not a bad price for a winter coat',
    'thanks, that was not a stupid idea at all',
    'I am a proud gay dad and these shoes are great',
    'As a Muslim woman I love the modest range',
    'my order from the Scunthorpe warehouse arrived',
    'shiitake and leek risotto kit is delicious',
    'the refund process is slow and confusing',
    'Honestly the worst customer service I have had',
    'Scunthorpe',
  ])('does not flag as toxic: %s', (text) => {
    expect(flagged(text, 'toxic')).toBe(false);
  });

  it('tells spam from ordinary posts', () => {
    expect(flagged('Check out my channel for free gift cards!!', 'spam')).toBe(true);
    expect(flagged('visit www.best-replicas.example for cheap bags', 'spam')).toBe(true);
    expect(flagged('Can I return a dress I bought online in store?', 'spam')).toBe(false);
  });

  it('scores a text in well under a millisecond', () => {
    const text = 'The delivery was late again and support never answered my emails about it.';
    for (let i = 0; i < 200; i++) {
      model.score(text);
    }
    // CPU time, so other work on a busy machine does not count.
    const began = process.cpuUsage();
    for (let i = 0; i < 1000; i++) {
      model.score(text);
    }
    const used = process.cpuUsage(began);
    expect((used.user + used.system) / 1000 / 1000).toBeLessThan(0.5);
  });
});
