/**
 * Guild's quality targets on the fixed 80/20 split: trained on the train side of hate-offensive
 * and youtube-spam (plus the seed sentences), measured on the test side. toxic (offensive or
 * hate vs neither): ROC-AUC >= 0.98 and balanced accuracy >= 0.93; spam: ROC-AUC >= 0.97.
 * Skips, saying so, when ../shared/data is absent.
 */
import { describe, expect, it } from 'vitest';
import { biasCheck } from './bias.js';
import {
  SHARED_DATA_DIR,
  SPLIT_RULE,
  loadHateOffensive,
  loadYoutubeSpam,
  publicDataPresent,
  splitRows,
} from './datasets.js';
import { seedExamples } from './seed-examples.js';
import { evaluateModel, trainModel } from './training.js';

const present = publicDataPresent();

describe('quality on the fixed split', () => {
  it.skipIf(!present)(
    present
      ? 'meets the toxic and spam targets on the 20 % test side, and passes the bias check'
      : `quality targets: skipped, the public data sets are absent under ${SHARED_DATA_DIR}`,
    () => {
      const hate = splitRows(loadHateOffensive());
      const spam = splitRows(loadYoutubeSpam());
      const model = trainModel([...hate.train, ...spam.train, ...seedExamples()], {
        version: 'quality-test',
        createdAt: '2026-01-01T00:00:00.000Z',
        splitRule: SPLIT_RULE,
      });
      const toxic = evaluateModel(model, hate.test).toxic!;
      const spamFigures = evaluateModel(model, spam.test).spam!;
      expect(toxic.n).toBe(hate.test.length);
      expect(toxic.auc).toBeGreaterThanOrEqual(0.98);
      expect(toxic.balancedAccuracy).toBeGreaterThanOrEqual(0.93);
      expect(spamFigures.auc).toBeGreaterThanOrEqual(0.97);
      expect(biasCheck(model).passed).toBe(true);
    },
    120_000,
  );
});
