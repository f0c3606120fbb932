import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { announce } from './announcer';

interface CopyButtonProps {
  /** What is copied. */
  text: string;
  /** The button's name, e.g. "Copy secret". */
  label: string;
  /** Selects the text for copying by hand when the clipboard cannot be used. */
  onCopyFailed?: () => void;
}

/** Copies `text` to the clipboard and says so, in the live region and beside the button. */
export function CopyButton({ text, label, onCopyFailed }: CopyButtonProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => setState('idle'), [text]);

  const handleCopy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      announce(t('copy.done'));
    } catch {
      setState('failed');
      onCopyFailed?.();
      announce(t('copy.failed'));
    }
  };

  return (
    <span className="copy">
      <button type="button" className="button small" onClick={() => void handleCopy()}>
        {label}
      </button>
      {state === 'copied' ? <span className="small muted">{t('copy.done')}</span> : null}
      {state === 'failed' ? <span className="small">{t('copy.failed')}</span> : null}
    </span>
  );
}
