import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** The item view's keys, in the order the help lists them. */
export const SHORTCUT_KEYS = ['a', 'r', 'c', 'j', 'k', '?'] as const;
export type ShortcutKey = (typeof SHORTCUT_KEYS)[number];

const KEY_NAMES: Record<
  ShortcutKey,
  'approve' | 'reject' | 'claim' | 'next' | 'previous' | 'help'
> = {
  a: 'approve',
  r: 'reject',
  c: 'claim',
  j: 'next',
  k: 'previous',
  '?': 'help',
};

interface ShortcutHelpProps {
  id: string;
  onClose: () => void;
}

/**
 * The list of keyboard shortcuts, opened with `?` or its button. Focus moves to its heading;
 * Escape or "Close" closes it (the caller puts focus back on the opener).
 */
export function ShortcutHelp({ id, onClose }: ShortcutHelpProps) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const handleKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <section
      id={id}
      className="shortcut-help card"
      aria-labelledby={`${id}-title`}
      onKeyDown={handleKeyDown}
    >
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('moderation.shortcuts.title')}
      </h2>
      <dl className="details">
        {SHORTCUT_KEYS.map((key) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(`moderation.shortcuts.keys.${KEY_NAMES[key]}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t('moderation.shortcuts.notWhileTyping')}</p>
      <button type="button" className="button" onClick={onClose}>
        {t('moderation.shortcuts.close')}
      </button>
    </section>
  );
}
