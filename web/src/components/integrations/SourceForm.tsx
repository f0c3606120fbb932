import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { createSource } from '../../api/integrations';
import {
  SOURCE_KINDS,
  type IntegrationSourceWithSecret,
  type SourceInput,
  type SourceKind,
} from '../../api/types';
import { toApiError } from '../../api/useResource';
import { ErrorAlert } from '../ErrorAlert';

function isSourceKind(value: string): value is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(value);
}

/** Adds a partner system that sends webhooks; the answer carries its secret, once. */
export function SourceForm({
  onCreated,
}: {
  onCreated: (source: IntegrationSourceWithSecret) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SourceKind>('shop');
  const [apiUrl, setApiUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    const input: SourceInput = { slug: slug.trim(), name: name.trim(), kind };
    if (apiUrl.trim()) {
      input.apiUrl = apiUrl.trim();
    }
    if (apiKey) {
      input.apiKey = apiKey;
    }
    try {
      onCreated(await createSource(input));
      setSlug('');
      setName('');
      setApiUrl('');
      setApiKey('');
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('sources.name')}</label>
          <input
            id={`${id}-name`}
            type="text"
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-slug`}>{t('sources.slug')}</label>
          <input
            id={`${id}-slug`}
            type="text"
            required
            pattern="[a-z0-9][a-z0-9\-]{1,40}"
            minLength={2}
            maxLength={41}
            autoCapitalize="none"
            spellCheck={false}
            aria-describedby={`${id}-slug-hint`}
            value={slug}
            onChange={(event) => setSlug(event.target.value)}
          />
          <p id={`${id}-slug-hint`} className="hint">
            {t('sources.slugHint')}
          </p>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('sources.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(event) => {
            if (isSourceKind(event.target.value)) {
              setKind(event.target.value);
            }
          }}
        >
          {SOURCE_KINDS.map((item) => (
            <option key={item} value={item}>
              {t(`sources.kinds.${item}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('sources.apiUrl')}</label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            spellCheck={false}
            aria-describedby={`${id}-url-hint`}
            value={apiUrl}
            onChange={(event) => setApiUrl(event.target.value)}
          />
          <p id={`${id}-url-hint`} className="hint">
            {t('sources.apiUrlHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-key`}>{t('sources.apiKey')}</label>
          <input
            id={`${id}-key`}
            type="password"
            autoComplete="off"
            aria-describedby={`${id}-key-hint`}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
          />
          <p id={`${id}-key-hint`} className="hint">
            {t('sources.apiKeyHint')}
          </p>
        </div>
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
          {t('sources.add')}
        </button>
      </div>
    </form>
  );
}
