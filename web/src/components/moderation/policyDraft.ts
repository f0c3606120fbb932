import {
  type Policy,
  type PolicyMode,
  type PolicyScope,
  THRESHOLD_CATEGORIES,
  type ThresholdCategory,
  type WatchedAction,
} from '../../api/moderation';

/** A policy as its form holds it: every value as typed, empty meaning "inherit". */
export interface PolicyDraft {
  scope: PolicyScope;
  spaceSlug: string;
  regionCode: string;
  mode: PolicyMode;
  thresholds: Record<ThresholdCategory, { hold: string; reject: string }>;
  newMemberStrictness: string;
  autoRejectCap: string;
  auditSampleRate: string;
  watchedWords: WatchedWordDraft[];
  allowedWords: string;
  trustedDomains: string;
  languages: string;
  reviewStandard: string;
  reviewSenior: string;
}

export interface WatchedWordDraft {
  /** Keeps React's identity of a row while rows are added and removed. */
  key: number;
  word: string;
  action: WatchedAction;
  tag: string;
}

let nextKey = 1;

export function newWatchedWord(): WatchedWordDraft {
  nextKey += 1;
  return { key: nextKey, word: '', action: 'hold', tag: '' };
}

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

/** The form's starting values: an existing policy's settings, or an empty one. */
export function draftOf(
  policy: Policy | null,
  scope: PolicyScope = 'tenant',
  mode: PolicyMode = 'enforce',
): PolicyDraft {
  const settings = policy?.settings ?? {};
  const thresholds = Object.fromEntries(
    THRESHOLD_CATEGORIES.map((category) => {
      const pair = settings.thresholds?.[category];
      return [category, { hold: text(pair?.hold), reject: text(pair?.reject) }];
    }),
  ) as PolicyDraft['thresholds'];
  return {
    scope: policy?.scope ?? scope,
    spaceSlug: policy?.spaceSlug ?? '',
    regionCode: policy?.regionCode ?? '',
    mode: policy?.mode ?? mode,
    thresholds,
    newMemberStrictness: text(settings.newMemberStrictness),
    autoRejectCap: text(settings.autoRejectCap),
    auditSampleRate: text(settings.auditSampleRate),
    watchedWords: (settings.watchedWords ?? []).map((entry) => ({
      ...newWatchedWord(),
      word: entry.word,
      action: entry.action,
      tag: entry.tag ?? '',
    })),
    allowedWords: (settings.allowedWords ?? []).join('\n'),
    trustedDomains: (settings.trustedDomains ?? []).join('\n'),
    languages: (settings.languages ?? []).join(', '),
    reviewStandard: text(settings.reviewMinutes?.standard),
    reviewSenior: text(settings.reviewMinutes?.senior),
  };
}

/**
 * A typed number: empty → left out; a number (a decimal comma is accepted) → that number;
 * anything else → the text itself, so the server's validation names the field.
 */
export function numberOf(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') {
    return undefined;
  }
  const parsed = Number(trimmed.replace(',', '.'));
  return Number.isFinite(parsed) ? parsed : trimmed;
}

function lines(value: string): string[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) {
    target[key] = value;
  }
}

/** The `settings` to send: only what the form sets, so everything else keeps inheriting. */
export function settingsOf(draft: PolicyDraft): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const thresholds: Record<string, unknown> = {};
  for (const category of THRESHOLD_CATEGORIES) {
    const pair = draft.thresholds[category];
    const hold = numberOf(pair.hold);
    const reject = numberOf(pair.reject);
    if (hold !== undefined || reject !== undefined) {
      const entry: Record<string, unknown> = {};
      put(entry, 'hold', hold);
      put(entry, 'reject', reject);
      thresholds[category] = entry;
    }
  }
  if (Object.keys(thresholds).length > 0) {
    settings.thresholds = thresholds;
  }
  put(settings, 'newMemberStrictness', numberOf(draft.newMemberStrictness));
  put(settings, 'autoRejectCap', numberOf(draft.autoRejectCap));
  put(settings, 'auditSampleRate', numberOf(draft.auditSampleRate));
  const watched = draft.watchedWords
    .filter((entry) => entry.word.trim() !== '' || entry.tag.trim() !== '')
    .map((entry) => {
      const out: Record<string, unknown> = { word: entry.word.trim(), action: entry.action };
      if (entry.action === 'tag' || entry.tag.trim() !== '') {
        out.tag = entry.tag.trim();
      }
      return out;
    });
  if (watched.length > 0) {
    settings.watchedWords = watched;
  }
  const allowed = lines(draft.allowedWords);
  if (allowed.length > 0) {
    settings.allowedWords = allowed;
  }
  const domains = lines(draft.trustedDomains).map((domain) => domain.toLowerCase());
  if (domains.length > 0) {
    settings.trustedDomains = domains;
  }
  const languages = draft.languages
    .split(/[,\s]+/)
    .map((language) => language.trim().toLowerCase())
    .filter(Boolean);
  if (languages.length > 0) {
    settings.languages = languages;
  }
  const minutes: Record<string, unknown> = {};
  put(minutes, 'standard', numberOf(draft.reviewStandard));
  put(minutes, 'senior', numberOf(draft.reviewSenior));
  if (Object.keys(minutes).length > 0) {
    settings.reviewMinutes = minutes;
  }
  return settings;
}

/** True when the server named `fieldPath` (or a part of it, or the whole it belongs to). */
export function pathMatches(issuePaths: readonly string[], fieldPath: string): boolean {
  return issuePaths.some(
    (path) =>
      path !== '/' &&
      path !== '/settings' &&
      (path === fieldPath || fieldPath.startsWith(`${path}/`) || path.startsWith(`${fieldPath}/`)),
  );
}
