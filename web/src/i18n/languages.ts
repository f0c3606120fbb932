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
  if (languageOf(currentLocale) === language && currentLocale) {
    return currentLocale;
  }
  return regionLocales.find((locale) => languageOf(locale) === language) ?? language;
}
