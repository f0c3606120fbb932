/**
 * Guild usernames: what may be registered, and the key that decides whether two names are
 * "the same person" for uniqueness and @mention lookups.
 *
 * Two forms are kept for every account:
 * - `display`: the NFC form the member typed, shown everywhere.
 * - `canonical`: the uniqueness key (see {@link canonicalUsername}). The accounts table holds a
 *   unique index on it, and mentions and profile lookups resolve through it.
 */
import { remove as confusableSkeleton } from 'confusables';

/** Why a username was refused. */
export type UsernameProblem =
  | 'too_short'
  | 'too_long'
  | 'bidi_control'
  | 'invisible_character'
  | 'whitespace'
  | 'control_character'
  | 'disallowed_character'
  | 'misplaced_combining_mark'
  | 'bad_first_character'
  | 'bad_last_character'
  | 'taken'
  | 'confusable_with_existing';

/** Result of a username check. */
export type UsernameCheck =
  | { ok: true; display: string; canonical: string }
  | { ok: false; reason: UsernameProblem; message: string };

/** Length bounds, in Unicode code points of the NFC form. */
export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 30;

/** Longest combining-mark run accepted on one letter (enough for Indic and Thai clusters). */
const MAX_MARKS_PER_LETTER = 4;

/** Raw inputs longer than this are refused before any normalisation work is done. */
const RAW_LENGTH_GUARD = USERNAME_MAX_LENGTH * 4;

const BIDI_CONTROL = /\p{Bidi_Control}/u;
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const WHITESPACE = /[\p{White_Space}\p{Z}]/u;
const CONTROL = /\p{Cc}/u;
const NOT_ALLOWED = /[^\p{L}\p{M}\p{Nd}_.-]/u;
const STRAY_MARK = /(?:^|[^\p{L}\p{M}])\p{M}/u;
const LONG_MARK_RUN = new RegExp(`\\p{M}{${MAX_MARKS_PER_LETTER + 1},}`, 'u');
const GOOD_FIRST = /^[\p{L}\p{Nd}]/u;
const GOOD_LAST = /[\p{L}\p{M}\p{Nd}_]$/u;
const IGNORABLE_GLOBAL = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** Human names for the invisible characters members most often paste by accident. */
const INVISIBLE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00ad, 'a soft hyphen'],
  [0x200b, 'a zero-width space'],
  [0x200c, 'a zero-width non-joiner'],
  [0x200d, 'a zero-width joiner'],
  [0x2060, 'a word joiner'],
  [0xfeff, 'a byte-order mark'],
]);

/**
 * Extra look-alike folds for plain ASCII that the confusables table leaves alone
 * (digit zero and letter o, digit one and letter l, "rn" and "m", "vv" and "w").
 */
const ASCII_LOOKALIKES: ReadonlyArray<readonly [RegExp, string]> = [
  [/0/g, 'o'],
  [/1/g, 'l'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
];

type Refusal = Extract<UsernameCheck, { ok: false }>;

function refuse(reason: UsernameProblem, message: string): Refusal {
  return { ok: false, reason, message };
}

/** "U+200B" style label for a character. */
function codePointLabel(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;

  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function firstMatch(text: string, pattern: RegExp): string {
  return pattern.exec(text)?.[0] ?? '';
}

/** Invisible, bidi, whitespace and control characters: refused, never silently stripped. */
function findHiddenCharacter(name: string): Refusal | null {
  if (BIDI_CONTROL.test(name)) {
    const label = codePointLabel(firstMatch(name, BIDI_CONTROL));
    return refuse('bidi_control', `Usernames cannot contain text-direction controls (${label}).`);
  }

  if (INVISIBLE.test(name)) {
    const ch = firstMatch(name, INVISIBLE);
    const what = INVISIBLE_NAMES.get(ch.codePointAt(0) ?? 0) ?? 'an invisible character';
    const message = `Usernames cannot contain ${what} (${codePointLabel(ch)}).`;
    return refuse('invisible_character', message);
  }

  if (WHITESPACE.test(name)) {
    return refuse('whitespace', 'Usernames cannot contain spaces or line breaks.');
  }

  if (CONTROL.test(name)) {
    const label = codePointLabel(firstMatch(name, CONTROL));
    return refuse('control_character', `Usernames cannot contain control characters (${label}).`);
  }

  return null;
}

function checkLength(name: string): Refusal | null {
  const length = [...name].length;

  if (length < USERNAME_MIN_LENGTH) {
    return refuse('too_short', `Usernames need at least ${USERNAME_MIN_LENGTH} characters.`);
  }

  if (length > USERNAME_MAX_LENGTH) {
    return refuse('too_long', `Usernames can have at most ${USERNAME_MAX_LENGTH} characters.`);
  }

  return null;
}

/** Letters, digits, `_`, `.`, `-`, and combining marks that sit on a letter. */
function checkCharacters(name: string): Refusal | null {
  if (NOT_ALLOWED.test(name)) {
    const ch = firstMatch(name, NOT_ALLOWED);
    const allowed = 'use letters, digits, "_", "." or "-"';
    const message = `"${ch}" (${codePointLabel(ch)}) is not allowed; ${allowed}.`;
    return refuse('disallowed_character', message);
  }

  if (STRAY_MARK.test(name) || LONG_MARK_RUN.test(name)) {
    const message = 'Accents and other combining marks must belong to a letter.';
    return refuse('misplaced_combining_mark', message);
  }

  return null;
}

/**
 * A name starts with a letter or digit; it ends with a letter, digit or "_" so that a
 * sentence such as "thanks @anna." mentions "anna" without ambiguity.
 */
function checkEdges(name: string): Refusal | null {
  if (!GOOD_FIRST.test(name)) {
    return refuse('bad_first_character', 'Usernames must start with a letter or a digit.');
  }

  if (!GOOD_LAST.test(name)) {
    return refuse('bad_last_character', 'Usernames cannot end with "." or "-".');
  }

  return null;
}

/**
 * Check a username a member wants to register or switch to.
 *
 * The input is NFC-normalised (so "e" + U+0308 and "ë" are the same text) and then validated;
 * nothing is stripped or rewritten. On success it returns the NFC `display` form to store and
 * show, and the `canonical` uniqueness key from {@link canonicalUsername}. Whether the key is
 * already in use is decided by the caller's unique index; {@link checkNewUsername} explains a
 * collision once the existing name is known.
 *
 * @param raw - the username exactly as submitted
 * @returns the accepted forms, or the first problem found with a message for the member
 */
export function checkUsername(raw: string): UsernameCheck {
  if (raw.length > RAW_LENGTH_GUARD) {
    return refuse('too_long', `Usernames can have at most ${USERNAME_MAX_LENGTH} characters.`);
  }

  const display = raw.normalize('NFC');

  const problem =
    findHiddenCharacter(display) ??
    checkLength(display) ??
    checkCharacters(display) ??
    checkEdges(display);
  if (problem) {
    return problem;
  }

  return { ok: true, display, canonical: canonicalUsername(display) };
}

/**
 * Full case folding, approximated with the built-in case mappings: going through upper case
 * first folds "ß" to "ss" and final sigma "ς" to "σ", which a plain toLowerCase() would not.
 */
function caseFold(text: string): string {
  return text.toUpperCase().toLowerCase().normalize('NFKC');
}

/** NFKC, default-ignorable characters removed, case-folded. */
function foldedName(raw: string): string {
  const compatible = raw.normalize('NFKC').replace(IGNORABLE_GLOBAL, '');

  return caseFold(compatible);
}

function foldAsciiLookalikes(text: string): string {
  let result = text;

  for (const [pattern, replacement] of ASCII_LOOKALIKES) {
    result = result.replace(pattern, replacement);
  }

  return result;
}

/**
 * The uniqueness and lookup key for a username.
 *
 * Why two names collide exactly when their keys are equal: the key throws away every
 * difference a reader cannot reliably see, and nothing else.
 * 1. NFKC: canonically equivalent spellings ("ë" vs "e" + U+0308) and compatibility variants
 *    (full-width "Ａ", ligature "ﬁ", mathematical bold letters) become one spelling.
 * 2. Invisible and bidi characters are dropped. Registration refuses them anyway, so this can
 *    only help a lookup such as a mention pasted with a stray zero-width space.
 * 3. Case folding: "Anna" and "anna" are one member; "ß" folds to "ss".
 * 4. Confusable skeleton from the `confusables` table, folded to lower case again because the
 *    table answers in mixed case: Cyrillic "а" becomes Latin "a", "ë" becomes "e", Greek "ο"
 *    becomes "o". Then a few ASCII look-alikes the table skips ("0"/"o", "1"/"l", "rn"/"m").
 *
 * The fold errs on the side of collisions: "Zoe_R" cannot register next to "Zoë_R". That
 * blocks impersonation at the cost of occasionally asking a member to pick another name.
 * Separators stay significant ("anna.smith" and "annasmith" are different members).
 *
 * @param raw - a username or mention text, in any normalisation form or case
 * @returns the key to store in the unique column and to look members up by
 */
export function canonicalUsername(raw: string): string {
  const folded = foldedName(raw);

  const skeleton = confusableSkeleton(folded).toLowerCase();

  return foldAsciiLookalikes(skeleton).normalize('NFC');
}

/**
 * Check a wanted username against names already registered, telling an exact duplicate
 * (same name after normalisation and case folding) apart from a look-alike.
 *
 * @param raw - the username exactly as submitted
 * @param existing - display names of existing accounts (typically the row found by key)
 * @returns the same result as {@link checkUsername}, or a `taken` or
 *   `confusable_with_existing` refusal
 */
export function checkNewUsername(raw: string, existing: Iterable<string>): UsernameCheck {
  const result = checkUsername(raw);
  if (!result.ok) {
    return result;
  }

  const folded = foldedName(result.display);
  for (const other of existing) {
    if (foldedName(other) === folded) {
      return refuse('taken', `The username "${other}" is already taken.`);
    }

    if (canonicalUsername(other) === result.canonical) {
      const message = `This username looks too much like the existing member "${other}".`;
      return refuse('confusable_with_existing', message);
    }
  }

  return result;
}
