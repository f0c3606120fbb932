import { describe, expect, it } from 'vitest';
import { deResources as de, enResources as en } from './resources';
import { apiLocale, languageOf, localeForLanguage, pickLanguage } from './languages';

type Tree = { [key: string]: string | Tree };

/** Flattens nested resources into `a.b.c` → value. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null) {
      for (const [inner, leaf] of flatten(value, path)) {
        out.set(inner, leaf);
      }
    } else {
      out.set(path, value);
    }
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const languages: Record<string, Map<string, unknown>> = {
  en: flatten(en),
  de: flatten(de),
};

describe('translation resources', () => {
  for (const [language, keys] of Object.entries(languages)) {
    for (const [otherLanguage, otherKeys] of Object.entries(languages)) {
      if (language === otherLanguage) {
        continue;
      }
      it(`${language} has every key of ${otherLanguage}`, () => {
        const missing = [...otherKeys.keys()].filter((key) => !keys.has(key));
        expect(missing).toEqual([]);
      });
    }

    it(`${language} has no empty or non-text values`, () => {
      const bad = [...keys].filter(([, value]) => typeof value !== 'string' || !value.trim());
      expect(bad.map(([key]) => key)).toEqual([]);
    });
  }

  it('uses the same placeholders in both languages', () => {
    const mismatched = [...languages.en.entries()].filter(([key, value]) => {
      const other = languages.de.get(key);
      if (typeof value !== 'string' || typeof other !== 'string') {
        return false;
      }
      return placeholders(value).join() !== placeholders(other).join();
    });
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });
});

describe('language choice', () => {
  it('maps locales to UI languages', () => {
    expect(languageOf('de-DE')).toBe('de');
    expect(languageOf('de_AT')).toBe('de');
    expect(languageOf('EN-gb')).toBe('en');
    expect(languageOf('fr-FR')).toBeNull();
    expect(languageOf(null)).toBeNull();
  });

  it('takes the first supported candidate, else English', () => {
    expect(pickLanguage(['fr-FR', 'de-CH', 'en'])).toBe('de');
    expect(pickLanguage([null, 'it'])).toBe('en');
  });

  it('keeps a matching locale and borrows a region locale otherwise', () => {
    expect(localeForLanguage('de', 'de-AT', ['de-DE'])).toBe('de-AT');
    expect(localeForLanguage('de', 'en-GB', ['en-GB', 'de-DE'])).toBe('de-DE');
    expect(localeForLanguage('en', 'de-DE', [])).toBe('en');
  });

  it('writes locales the way the API accepts them', () => {
    expect(apiLocale('de-DE')).toBe('de-DE');
    expect(apiLocale('en_gb')).toBe('en-GB');
    expect(apiLocale('DE')).toBe('de');
    expect(apiLocale('es-419')).toBeNull();
    expect(apiLocale('zh-Hans-CN')).toBeNull();
    expect(apiLocale('')).toBeNull();
  });
});
