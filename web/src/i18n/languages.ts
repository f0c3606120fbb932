// Which UI language to show: the member's locale, else a stored choice, else the browser's.

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

const STORAGE_KEY = 'guild.language';

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The UI language for a BCP 47 locale such as "de-DE", or null when Guild has none for it. */
export function languageOf(locale: string | null | undefined): Language | null {
  if (!locale) {
    return null;
  }
  const primary = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return isLanguage(primary) ? primary : null;
}

/** The first language of `candidates` that Guild speaks, else English. */
export function pickLanguage(candidates: ReadonlyArray<string | null | undefined>): Language {
  for (const candidate of candidates) {
    const language = languageOf(candidate);
    if (language) {
      return language;
    }
  }
  return DEFAULT_LANGUAGE;
}

export function browserLocales(): readonly string[] {
  if (typeof navigator === 'undefined') {
    return [];
  }
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

export function storedLanguage(): Language | null {
  try {
    return languageOf(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for this page only.
  }
}

/**
 * The locale to save for a member who picks `language`: keep the current one when it already
 * speaks that language, else use a region locale that does, else the bare language.
 */
export function localeForLanguage(
  language: Language,
  currentLocale: string | null | undefined,
  regionLocales: readonly string[],
): string {
  const current = apiLocale(currentLocale);
  if (current && languageOf(current) === language) {
    return current;
  }
  const fromRegion = regionLocales.map(apiLocale).find((locale) => languageOf(locale) === language);
  return fromRegion ?? language;
}

/**
 * A locale in the form the API stores ("de" or "de-DE"), or null when it has no such form
 * (e.g. "es-419" or "zh-Hans-CN"). Case is normalised: "en-gb" → "en-GB".
 */
export function apiLocale(locale: string | null | undefined): string | null {
  if (!locale) {
    return null;
  }
  const parts = locale.split(/[-_]/);
  const language = (parts[0] ?? '').toLowerCase();
  const region = parts.length === 2 ? (parts[1] ?? '').toUpperCase() : '';
  if (!/^[a-z]{2}$/.test(language) || parts.length > 2) {
    return null;
  }
  if (parts.length === 1) {
    return language;
  }
  return /^[A-Z]{2}$/.test(region) ? `${language}-${region}` : null;
}
