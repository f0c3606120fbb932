/**
 * Shapes shared by the parts of Guild's local moderation model: a labelled text (for training
 * and evaluation) and the names of the model's heads.
 */

/** A head is one yes/no question the model answers about a text, such as `toxic` or `spam`. */
export type HeadName = string;

/** The heads Guild's default model has. */
export const DEFAULT_HEADS = ['toxic', 'hate', 'spam'] as const;

/** A head of the default model. */
export type DefaultHead = (typeof DEFAULT_HEADS)[number];

/** A 0/1 answer per head; a head that is absent is unlabelled for this row. */
export type Labels = Partial<Record<HeadName, 0 | 1>>;

/** One labelled text. A row may label only some heads: a spam decision says nothing of hate. */
export interface LabelledRow {
  text: string;
  labels: Labels;
  /** Importance in training; 1 when omitted. */
  weight?: number;
  /** Where the row came from (`hate-offensive`, `youtube-spam`, `seed`, a file name). */
  source?: string;
  /** The row's own id within its source, which decides its split. */
  id?: string;
}
