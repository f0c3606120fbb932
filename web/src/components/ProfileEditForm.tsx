import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { updateMe, useSession } from '../api/session';
import type { Me } from '../api/types';
import { toApiError } from '../api/useResource';
import { apiLocale } from '../i18n/languages';
import { ErrorAlert } from './ErrorAlert';

interface ProfileEditFormProps {
  me: Me;
  onSaved: (me: Me) => void;
  onCancel: () => void;
}

// Locales offered besides the tenant's region locales and the member's current one.
const COMMON_LOCALES = ['en-US', 'en-GB', 'de-DE', 'de-AT', 'de-CH'];

function localeName(locale: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/** Edits the signed-in member's display name, bio and locale. */
export function ProfileEditForm({ me, onSaved, onCancel }: ProfileEditFormProps) {
  const { t, i18n } = useTranslation();
  const { regions } = useSession();
  const id = useId();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [bio, setBio] = useState(me.bio);
  const [locale, setLocale] = useState(apiLocale(me.locale) ?? 'en');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const candidates = [me.locale, ...regions.map((region) => region.locale), ...COMMON_LOCALES];
  const locales = [
    ...new Set(candidates.map(apiLocale).filter((item): item is string => item !== null)),
  ];

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      onSaved(await updateMe({ displayName: displayName.trim(), bio, locale }));
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  };

  return (
    <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('profile.displayName')}</label>
        <input
          id={`${id}-name`}
          type="text"
          autoComplete="name"
          required
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-bio`}>{t('profile.bio')}</label>
        <textarea
          id={`${id}-bio`}
          rows={4}
          value={bio}
          onChange={(event) => setBio(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-locale`}>{t('profile.locale')}</label>
        <select
          id={`${id}-locale`}
          value={locale}
          aria-describedby={`${id}-locale-hint`}
          onChange={(event) => setLocale(event.target.value)}
        >
          {locales.map((item) => (
            <option key={item} value={item}>
              {localeName(item, i18n.language)}
            </option>
          ))}
        </select>
        <p id={`${id}-locale-hint`} className="hint">
          {t('profile.localeHint')}
        </p>
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
          {t('profile.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </form>
  );
}
