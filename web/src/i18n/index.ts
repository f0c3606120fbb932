import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { deResources, enResources } from './resources';
import {
  browserLocales,
  DEFAULT_LANGUAGE,
  LANGUAGES,
  pickLanguage,
  storedLanguage,
} from './languages';

export const resources = {
  en: { translation: enResources },
  de: { translation: deResources },
} as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: pickLanguage([storedLanguage(), ...browserLocales()]),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  initAsync: false,
});

function applyDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
}

applyDocumentLanguage(i18n.language);
i18n.on('languageChanged', applyDocumentLanguage);

export default i18n;
