/**
 * One-line text members give (titles, display names, tags): NFC, with the characters that
 * make text look other than it is taken out — bidi overrides and isolates, zero-width
 * spaces and joiners, soft hyphens, other control characters — and runs of white space
 * collapsed. Emoji sequences lose their joiners, which changes how a few of them draw but
 * never what the text says.
 */
const DECEPTIVE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Cleans a one-line text as described above. */
export function plainTextLine(raw: string): string {
  return raw.normalize('NFC').replace(DECEPTIVE, '').replace(/\s+/g, ' ').trim();
}
