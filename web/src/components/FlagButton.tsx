import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flagContent, type FlaggableType } from '../api/moderation';
import { useSession } from '../api/session';
import { announce } from './announcer';
import { ConfirmButton } from './ConfirmButton';

interface FlagButtonProps {
  itemType: FlaggableType;
  itemId: string;
  /** The author: members do not flag their own items. */
  authorId: string | null;
  small?: boolean;
}

/**
 * "Flag post" / "Flag comment" for signed-in members on others' items: a second step asks
 * what is wrong, and the moderators get it in their queue.
 */
export function FlagButton({ itemType, itemId, authorId, small }: FlagButtonProps) {
  const { t } = useTranslation();
  const id = useId();
  const { user } = useSession();
  const [reason, setReason] = useState('');
  const [flagged, setFlagged] = useState(false);
  const doneRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (flagged) {
      doneRef.current?.focus();
    }
  }, [flagged]);

  if (!user || user.id === authorId) {
    return null;
  }
  if (flagged) {
    return (
      <p ref={doneRef} tabIndex={-1} className="small muted flag-done">
        {t('flag.done')}
      </p>
    );
  }

  const handleFlag = async () => {
    await flagContent(itemType, itemId, reason.trim());
    announce(t('flag.done'));
    setFlagged(true);
  };

  const label = itemType === 'post' ? t('flag.post') : t('flag.comment');
  return (
    <ConfirmButton
      label={label}
      question={itemType === 'post' ? t('flag.questionPost') : t('flag.questionComment')}
      confirmLabel={t('flag.send')}
      run={handleFlag}
      small={small}
      confirmDisabled={reason.trim() === ''}
    >
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('flag.reason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={500}
          value={reason}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setReason(event.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {t('flag.hint')}
        </p>
      </div>
    </ConfirmButton>
  );
}
