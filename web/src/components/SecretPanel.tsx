import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton';
import type { HeadingLevel } from './Heading';

export interface ShownSecret {
  /** Whose secret: an endpoint's URL or a source's name. */
  owner: string;
  secret: string;
}

interface SecretPanelProps {
  shown: ShownSecret;
  headingLevel: HeadingLevel;
  onDismiss: () => void;
}

/**
 * Shows a signing secret the one time the server sends it, with a copy button and the warning
 * that it will not be shown again. Focus moves to the panel's heading so a screen reader reads
 * it at once. The secret lives only in this component's props: dismissing or reloading drops it.
 */
export function SecretPanel({ shown, headingLevel, onDismiss }: SecretPanelProps) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const Tag = `h${headingLevel}` as const;

  useEffect(() => {
    headingRef.current?.focus();
  }, [shown]);

  const handleCopyFailed = () => {
    inputRef.current?.focus();
    inputRef.current?.select();
  };

  return (
    <section className="notice secret-panel" aria-labelledby={`${id}-heading`}>
      <Tag id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {t('secret.title', { owner: shown.owner })}
      </Tag>
      <p>
        <strong>{t('secret.once')}</strong> {t('secret.use')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-value`}>{t('secret.label')}</label>
        <input
          ref={inputRef}
          id={`${id}-value`}
          type="text"
          readOnly
          spellCheck={false}
          autoComplete="off"
          className="mono"
          value={shown.secret}
          onFocus={(event) => event.target.select()}
        />
      </div>
      <div className="actions">
        <CopyButton text={shown.secret} label={t('secret.copy')} onCopyFailed={handleCopyFailed} />
        <button type="button" className="button small" onClick={onDismiss}>
          {t('secret.dismiss')}
        </button>
      </div>
    </section>
  );
}
