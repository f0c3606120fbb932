/**
 * The one place where the moderation model turns a member's text into the form its features are
 * computed on: the matching form of Guild's normaliser (NFKC, invisible characters dropped,
 * look-alike letters and leetspeak folded, spaced-out letters joined, lower case), the same
 * form every rule detector reads. Training and scoring both go through it.
 */
import { normalizeText } from '../text/normalize.js';

/** Folds a text for featurising: the normaliser's matching form. */
export function prepare(text: string): string {
  return normalizeText(text).text;
}
