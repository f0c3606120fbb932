import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { updateMe, useSession } from '../api/session';
import { toApiError } from '../api/useResource';
import {
  type Language,
  LANGUAGES,
  languageOf,
  localeForLanguage,
  storeLanguage,
} from '../i18n/languages';
import { ErrorAlert } from './ErrorAlert';

// Each language is named in itself, so a reader can find their own.
const NATIVE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

/** Footer language picker; a member's choice is saved as their locale. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { user, regions } = useSession();
  const id = useId();
  const [error, setError] = useState<ApiError | null>(null);
  const current = languageOf(i18n.language) ?? 'en';

  const handleChange = async (event: ChangeEvent<HTMLSelectElement>) => {
    const language = languageOf(event.target.value);
    if (!language) {
      return;
    }
    setError(null);
    storeLanguage(language);
    await i18n.changeLanguage(language);
    if (user) {
      const locale = localeForLanguage(
        language,
        user.locale,
        regions.map((region) => region.locale),
      );
      try {
        await updateMe({ locale });
      } catch (caught) {
        setError(toApiError(caught));
      }
    }
  };

  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('footer.language')}</label>
      <select id={id} value={current} onChange={(event) => void handleChange(event)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {NATIVE_NAMES[language]}
          </option>
        ))}
      </select>
      <ErrorAlert error={error} />
    </div>
  );
}
