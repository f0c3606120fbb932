/** Tests of training, evaluation and comparison of model versions. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deserializeModel, serializeModel } from './classifier.js';
import type { LabelledRow } from './model.types.js';
import { toyRows } from './test-support.js';
import { compareModels, evaluateModel, rowsDigest, trainModel } from './training.js';

const options = { version: 'toy', createdAt: '2026-01-01T00:00:00.000Z', features: { bits: 16 } };

describe('trainModel', () => {
  const rows = toyRows();
  const model = trainModel(rows, options);

  it('trains each head on the rows that label it and records the snapshot', () => {
    const { training } = model.meta;
    expect(training.rows).toBe(rows.length);
    expect(training.sources).toEqual([{ name: 'toy', rows: rows.length }]);
    expect(training.heads.spam).toEqual({ labelled: 48, positives: 24 });
    expect(training.heads.toxic).toEqual({ labelled: 84, positives: 48 });
    expect(training.heads.hate).toEqual({ labelled: 84, positives: 12 });
    expect(training.sha256).toBe(rowsDigest(rows));
    expect(training.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.meta.metrics.toxic!.n).toBe(84);
  });

  it('is deterministic: the same rows give the same file', () => {
    const again = trainModel(toyRows(), options);
    expect(serializeModel(again).equals(serializeModel(model))).toBe(true);
  });

  it('gives the same file as before warm starts existed when none is asked for', () => {
    // Pinned from the code before `startFrom` was added: training from zero must not change.
    const digest = createHash('sha256').update(serializeModel(model)).digest('hex');
    expect(digest).toBe('d1feacb0900045a842090755bf3fca1a69d7e9544f8eedff8ffc7f99662593d0');
    expect(model.meta.training.startedFrom).toBeUndefined();
  });

  it('chooses thresholds out of fold or in sample', () => {
    const inSample = trainModel(rows, { ...options, thresholdFolds: 0 });
    for (const head of ['toxic', 'spam', 'hate']) {
      expect(inSample.thresholds[head]).toBeGreaterThan(0);
      expect(inSample.thresholds[head]).toBeLessThan(1);
    }
  });

  it('digests every field training reads', () => {
    const changed = rows.map((row, i) => (i === 0 ? { ...row, weight: 2 } : row));
    expect(rowsDigest(changed)).not.toBe(rowsDigest(rows));
    const relabelled = rows.map((row, i): LabelledRow =>
      i === 0 ? { ...row, labels: { toxic: 0 } } : row,
    );
    expect(rowsDigest(relabelled)).not.toBe(rowsDigest(rows));
  });

  it('trains a conditional head with rows that label only it', () => {
    const extra: LabelledRow[] = [
      { text: 'vermin like you should leave', labels: { hate: 1 } },
      { text: 'the kettle is lovely', labels: { hate: 0 } },
    ];
    const withExtra = trainModel([...rows, ...extra], options);
    expect(withExtra.meta.training.heads.hate).toEqual({ labelled: 86, positives: 13 });
    expect(withExtra.meta.metrics.hate!.n).toBe(86);
    expect(Number.isFinite(withExtra.thresholds.hate)).toBe(true);
  });

  it('refuses conditional heads more than one level deep', () => {
    expect(() =>
      trainModel(rows, { ...options, parents: { hate: 'toxic', toxic: 'spam' } }),
    ).toThrow(/may not be conditional/);
  });

  it('refuses a head that no row labels', () => {
    expect(() => trainModel(rows, { ...options, heads: ['toxic', 'sexual'] })).toThrow(/sexual/);
  });
});

describe('trainModel with startFrom (warm start)', () => {
  const start = trainModel(toyRows(), options);
  const insults = ['idiot', 'moron', 'clown', 'loser', 'imbecile', 'halfwit'];
  const items = ['dress', 'jacket', 'kettle', 'sofa', 'trainers', 'lamp'];
  // Each word appears once: only a model that already knows the words can score unseen ones.
  const rows: LabelledRow[] = [
    ...insults.map((word, i): LabelledRow => ({
      source: 'community',
      id: `t${i}`,
      text: `honestly, ${word}`,
      labels: { toxic: 1 },
    })),
    ...items.map((word, i): LabelledRow => ({
      source: 'community',
      id: `c${i}`,
      text: `honestly, ${word}`,
      labels: { toxic: 0 },
    })),
  ];
  const warmOptions = { version: 'toy-community', createdAt: options.createdAt, startFrom: start };
  const warm = trainModel(rows, warmOptions);

  it('starts every fold from the start version, so thresholds are placed on informed scores', () => {
    const cold = trainModel(rows, { ...options, version: 'cold' });
    expect(warm.meta.metrics.toxic!.auc).toBeGreaterThan(0.95);
    expect(cold.meta.metrics.toxic!.auc).toBeLessThan(0.7);
  });

  it('uses the start version’s features and records where it started, through a save', () => {
    expect(warm.meta.features).toEqual(start.meta.features);
    expect(warm.meta.training.startedFrom).toBe('toy');
    const loaded = deserializeModel(serializeModel(warm));
    expect(loaded.meta.training.startedFrom).toBe('toy');
    expect(serializeModel(trainModel(rows, warmOptions)).equals(serializeModel(warm))).toBe(true);
  });

  it('keeps a head of the start version that no row labels, as it was', () => {
    expect(warm.headNames).toEqual(['toxic', 'spam', 'hate']);
    const before = Object.fromEntries(start.heads.map((head) => [head.name, head]));
    for (const head of warm.heads.filter((h) => h.name !== 'toxic')) {
      expect(head).toEqual(before[head.name]);
    }
    expect(warm.heads.find((head) => head.name === 'hate')!.parent).toBe('toxic');
    expect(Object.keys(warm.meta.metrics)).toEqual(['toxic']);
    expect(warm.meta.training.heads.spam).toEqual({ labelled: 0, positives: 0 });
    expect(warm.score('click www.cheap-followers.example now').spam).toBeCloseTo(
      start.score('click www.cheap-followers.example now').spam!,
      12,
    );
  });

  it('trains a head the start version lacks from zero, as without a warm start', () => {
    const extra: LabelledRow[] = [
      {
        source: 'community',
        id: 'x0',
        text: 'selling my old account, dm me',
        labels: { resale: 1 },
      },
      { source: 'community', id: 'x1', text: 'the account page is down', labels: { resale: 0 } },
      { source: 'community', id: 'x2', text: 'account for sale, cheap', labels: { resale: 1 } },
      { source: 'community', id: 'x3', text: 'my account shows the order', labels: { resale: 0 } },
    ];
    const grown = trainModel([...rows, ...extra], warmOptions);
    expect(grown.headNames).toEqual(['toxic', 'spam', 'resale', 'hate']);
    const alone = trainModel([...rows, ...extra], { ...options, heads: ['resale'] });
    const resale = (model: typeof grown) => model.heads.find((head) => head.name === 'resale')!;
    expect(resale(grown)).toEqual(resale(alone));
  });

  it('refuses features that differ from the start version’s', () => {
    expect(() => trainModel(rows, { ...warmOptions, features: { bits: 18 } })).toThrow(
      /features.*bits 18 \(start version: 16\)/,
    );
    expect(() => trainModel(rows, { ...warmOptions, features: { charMax: 4 } })).toThrow(/charMax/);
    expect(trainModel(rows, { ...warmOptions, features: { bits: 16 } }).meta.features).toEqual(
      start.meta.features,
    );
  });

  it('refuses conditioning that contradicts the start version', () => {
    expect(() => trainModel(rows, { ...warmOptions, parents: {} })).toThrow(
      /hate: parents give none.*its parent is toxic/,
    );
    expect(() => trainModel(rows, { ...warmOptions, heads: ['hate'] })).toThrow(
      /conditional on toxic/,
    );
  });
});

describe('evaluateModel and compareModels', () => {
  const rows = toyRows();
  const evalRows: LabelledRow[] = [
    { text: 'you stupid halfwit', labels: { toxic: 1 } },
    { text: 'what a clown you are, stupid', labels: { toxic: 1 } },
    { text: 'the kettle is lovely', labels: { toxic: 0 } },
    { text: 'the sofa arrived today', labels: { toxic: 0 } },
    { text: 'click www.replica-bags.example now', labels: { spam: 1 } },
    { text: 'is the lamp in a larger size', labels: { spam: 0 } },
  ];
  const good = trainModel(rows, options);
  // Rows come in (toxic, clean) pairs; giving both of a pair the same label teaches nothing.
  const scrambled = trainModel(
    rows.map((row, i): LabelledRow =>
      row.labels.toxic === undefined
        ? row
        : { ...row, labels: { toxic: Math.floor(i / 2) % 2 === 0 ? 1 : 0 } },
    ),
    { ...options, heads: ['toxic', 'spam'] },
  );

  it('reports the figures of each head the rows label, at the model’s thresholds', () => {
    const figures = evaluateModel(good, evalRows);
    expect(Object.keys(figures).sort()).toEqual(['spam', 'toxic']);
    expect(figures.toxic).toMatchObject({ n: 4, positives: 2, auc: 1 });
    expect(figures.toxic!.threshold).toBe(good.thresholds.toxic);
    expect(figures.spam).toMatchObject({ n: 2, positives: 1, auc: 1 });
  });

  it('calls the better model better, and not the other way round', () => {
    const forward = compareModels(good, scrambled, evalRows);
    expect(forward.better).toBe(true);
    expect(forward.perHead.toxic!.aucDelta).toBeGreaterThan(0);
    const backward = compareModels(scrambled, good, evalRows);
    expect(backward.better).toBe(false);
    expect(backward.worse).toContain('toxic');
  });

  it('does not call a model better than itself', () => {
    const same = compareModels(good, good, evalRows);
    expect(same.better).toBe(false);
    expect(same.worse).toEqual([]);
  });
});
