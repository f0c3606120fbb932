/** Tests of training, evaluation and comparison of model versions. */
import { describe, expect, it } from 'vitest';
import { serializeModel } from './classifier.js';
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
