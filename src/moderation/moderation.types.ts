/**
 * The shapes every part of moderation shares: what a detector reports, and what the pipeline
 * hands to a policy. Offsets are UTF-16 indexes into the text exactly as the member wrote it,
 * so a span can be highlighted (or censored) in the stored text.
 */

/** What a detector can find. Scores are probabilities or strengths in [0, 1]. */
export type Category =
  /** The classifier's general probability that the text is abusive. */
  | 'toxicity'
  | 'profanity'
  | 'insult'
  | 'harassment'
  | 'hate'
  | 'threat'
  | 'sexual'
  | 'self_harm'
  | 'spam'
  | 'scam'
  | 'personal_data'
  | 'watched';

export const CATEGORIES: readonly Category[] = [
  'toxicity',
  'profanity',
  'insult',
  'harassment',
  'hate',
  'threat',
  'sexual',
  'self_harm',
  'spam',
  'scam',
  'personal_data',
  'watched',
];

/** One stretch of the original text that caused a score. */
export interface Span {
  /** First UTF-16 index in the original text. */
  start: number;
  /** One past the last UTF-16 index in the original text. */
  end: number;
  category: Category;
  /** Which rule matched, short and stable: `word:shit`, `phone`, `card`, `link:bit.ly`. */
  rule: string;
}

/** What one detector returns for one text. */
export interface DetectorResult {
  /** Stable detector name: `profanity`, `toxicity`, `spam`, `personal_data`, `watched_words`. */
  detector: string;
  /** Only the categories the detector speaks to; a missing category means "no opinion". */
  scores: Partial<Record<Category, number>>;
  spans: Span[];
}

/** What a tenant asks to happen when one of its watched words appears. */
export type WatchedAction = 'block' | 'hold' | 'tag' | 'censor';

export interface WatchedWord {
  /** A word or phrase; matched on whole words after normalisation. `*` at the end matches a prefix. */
  word: string;
  action: WatchedAction;
  /** For `tag`: the tag added to the item. */
  tag?: string;
}

/** The watched-words detector's extra output: tags to add and the text with censored words masked. */
export interface WatchedOutcome extends DetectorResult {
  actions: WatchedAction[];
  tags: string[];
  /** The original text with every `censor` match replaced by asterisks of the same length. */
  censored: string;
}

/** Facts about the author and their recent activity that spam and suspicion rules read. */
export interface AuthorContext {
  accountAgeHours: number;
  emailVerified: boolean;
  /** Items this author had published before this one. */
  publishedCount: number;
  /** Items this author submitted in the last hour (this one excluded). */
  itemsLastHour: number;
  /** Items this author had rejected or removed by moderators. */
  rejectedCount: number;
  /** Normalised-text fingerprints of this author's recent items (see `textFingerprint`). */
  recentFingerprints: readonly string[];
  /** How many other authors posted the same fingerprint in the last day. */
  sameTextElsewhere: number;
}
