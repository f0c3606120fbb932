/**
 * The affiliate-disclosure evaluation shared by `npm run bench -- disclosure` and its guard
 * test: the checker's affiliate-disclosure recogniser runs over every sentence of every video
 * in ../shared/data/affiliate-disclosures, a video counts as disclosing when any of its
 * sentences does, and the verdicts are compared with the data set's `has_any_disclosure`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { disclosesAffiliateLinks } from '../../src/compliance/disclosure/labels.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where the data set lives: beside the project checkout. */
export const AFFILIATE_DATA_DIR = path.resolve(repoRoot, '../shared/data/affiliate-disclosures');
const SENTENCES_FILE = path.join(AFFILIATE_DATA_DIR, 'youtube_sentences_labelled.csv');
const VIDEOS_FILE = path.join(AFFILIATE_DATA_DIR, 'youtube_videos_disclosure.csv');

/** Whether both files of the data set are present. */
export function affiliateDataPresent(): boolean {
  return existsSync(SENTENCES_FILE) && existsSync(VIDEOS_FILE);
}

/** The figures of one evaluation. */
export interface AffiliateEvaluation {
  videos: number;
  sentences: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  /**
   * Misses whose labelled sentences hold no disclosure wording at all (no "affiliate",
   * "commission", "associate", "support", "sponsor", "paid", "earn"): "Click this link",
   * "Amazon Links:". The labels come from clustering; these are where it erred.
   */
  fnWithoutDisclosureWording: number;
}

const DISCLOSURE_WORDING = /affiliat|commission|associate|support|sponsor|paid|earn/i;

function readCsv(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(file), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
  });
}

/**
 * The baseline the checker is compared with: a sentence discloses when it holds the word
 * "affiliate" — what a keyword filter would do.
 */
export const keywordBaseline = (sentence: string): boolean => /\baffiliate/i.test(sentence);

/**
 * Runs a recogniser (the checker's, unless another is given) over the data set and scores the
 * per-video verdicts.
 */
export function evaluateAffiliateDisclosures(
  discloses: (sentence: string) => boolean = disclosesAffiliateLinks,
): AffiliateEvaluation {
  const sentences = readCsv(SENTENCES_FILE);
  const disclosing = new Set<string>();
  const labelledWording = new Map<string, boolean>();
  for (const row of sentences) {
    const video = row.video_id ?? '';
    if (row.disclosure_type !== 'none') {
      const worded = DISCLOSURE_WORDING.test(row.sentence ?? '');
      labelledWording.set(video, (labelledWording.get(video) ?? false) || worded);
    }
    if (!disclosing.has(video) && discloses(row.sentence ?? '')) {
      disclosing.add(video);
    }
  }

  const counts = { tp: 0, fp: 0, fn: 0, tn: 0, fnWithoutDisclosureWording: 0 };
  const videos = readCsv(VIDEOS_FILE);
  for (const row of videos) {
    const actual = row.has_any_disclosure === '1';
    const predicted = disclosing.has(row.video_id ?? '');
    const key = predicted ? (actual ? 'tp' : 'fp') : actual ? 'fn' : 'tn';
    counts[key] += 1;
    if (key === 'fn' && labelledWording.get(row.video_id ?? '') === false) {
      counts.fnWithoutDisclosureWording += 1;
    }
  }

  const precision = counts.tp / Math.max(1, counts.tp + counts.fp);
  const recall = counts.tp / Math.max(1, counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    videos: videos.length,
    sentences: sentences.length,
    ...counts,
    precision,
    recall,
    f1,
  };
}
