/** Tests of a model version: scoring, flags, and the saved file format. */
import { describe, expect, it } from 'vitest';
import { ModerationModel, deserializeModel, serializeModel } from './classifier.js';
import { toyRows } from './test-support.js';
import { trainModel } from './training.js';

const model = trainModel(toyRows(), {
  version: 'toy-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  features: { bits: 16 },
});

describe('ModerationModel', () => {
  it('scores every head in [0, 1] and separates the toy classes', () => {
    expect(model.headNames).toEqual(['toxic', 'spam', 'hate']);
    const rude = model.score('You are a stupid idiot');
    const kind = model.score('The lamp arrived today and it is lovely');
    const spam = model.score('Click www.free-vouchers.example now');
    for (const scores of [rude, kind, spam]) {
      for (const value of Object.values(scores)) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
    expect(rude.toxic).toBeGreaterThan(model.thresholds.toxic!);
    expect(kind.toxic).toBeLessThan(model.thresholds.toxic!);
    expect(spam.spam).toBeGreaterThan(model.thresholds.spam!);
  });

  it('scores a conditional head as a share of its parent', () => {
    const hate = model.heads.find((head) => head.name === 'hate')!;
    expect(hate.parent).toBe('toxic');
    for (const text of ['people like you are vermin', 'the sofa is lovely', 'you idiot']) {
      const scores = model.score(text);
      expect(scores.hate).toBeLessThanOrEqual(scores.toxic!);
    }
  });

  it('flags a conditional head only with its parent', () => {
    expect(model.flags({ toxic: 0, hate: 1, spam: 0 })).toEqual({
      toxic: false,
      hate: false,
      spam: false,
    });
    expect(model.flags({ toxic: 1, hate: 1, spam: 1 })).toEqual({
      toxic: true,
      hate: true,
      spam: true,
    });
  });

  it('scores prepared and raw text alike', () => {
    expect(model.score('YOU ARE A STUPID IDIOT')).toEqual(
      model.scorePrepared('you are a stupid idiot'),
    );
  });

  it('refuses a head whose parent does not come before it', () => {
    const [toxic, spam] = model.heads;
    expect(() => new ModerationModel(model.meta, [{ ...spam!, parent: 'toxic' }, toxic!])).toThrow(
      /parent/,
    );
  });
});

describe('serializeModel / deserializeModel', () => {
  const bytes = serializeModel(model);

  it('starts with the magic and a readable JSON header', () => {
    expect(bytes.toString('ascii', 0, 8)).toBe('GUILDMM1');
    const length = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.toString('utf8', 12, 12 + length)) as {
      meta: { version: string };
    };
    expect(header.meta.version).toBe('toy-1');
  });

  it('round-trips scores, thresholds and metadata exactly', () => {
    const loaded = deserializeModel(bytes);
    expect(loaded.meta).toEqual(model.meta);
    expect(loaded.thresholds).toEqual(model.thresholds);
    for (const text of ['you stupid clown', 'lovely kettle', 'click www.crypto-gains.example']) {
      expect(loaded.score(text)).toEqual(model.score(text));
    }
    expect(serializeModel(loaded).equals(bytes)).toBe(true);
  });

  it('rejects files that are not models or are damaged', () => {
    expect(() => deserializeModel(Buffer.from('not a model at all'))).toThrow(/not a Guild/);
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32LE(damaged.readUInt32LE(8) + 5, 8);
    expect(() => deserializeModel(damaged)).toThrow();
    expect(() => deserializeModel(bytes.subarray(0, bytes.length - 40))).toThrow();
  });
});
