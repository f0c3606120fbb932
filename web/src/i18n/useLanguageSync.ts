import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/session';
import { languageOf } from './languages';

/** Switches the UI to the signed-in member's language whenever their locale changes. */
export function useLanguageSync(): void {
  const { i18n } = useTranslation();
  const { user } = useSession();
  const memberLanguage = languageOf(user?.locale);

  useEffect(() => {
    if (memberLanguage && memberLanguage !== i18n.language) {
      void i18n.changeLanguage(memberLanguage);
    }
  }, [memberLanguage, i18n]);
}
