import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import {
  appealCheck,
  type CheckView,
  type ModerationNotice as Notice,
  useCheck,
} from '../api/moderation';
import { type Resource, toApiError } from '../api/useResource';
import { announce } from './announcer';
import { ModerationError } from './moderation/ModerationError';
import { StatusBadge } from './StatusBadge';

interface ModerationNoticeProps {
  notice: Notice;
  itemType: 'post' | 'comment';
}

/**
 * What the author (or a moderator) reads on an item that is not published: that it waits for
 * a moderator or was not published, and why: in the check's words for a hold or an automatic
 * rejection, in general words after a moderator's rejection. A rejection the author may
 * appeal offers an appeal form.
 */
export function ModerationNotice({ notice, itemType }: ModerationNoticeProps) {
  const { t } = useTranslation();
  const rejected = notice.state === 'rejected';
  // A rejection's words depend on who decided: the check's own sentence explains an
  // automatic one; after a moderator's decision that sentence still describes the hold.
  const check = useCheck(rejected ? notice.checkId : null);
  if (notice.state === 'published') {
    return null;
  }
  const post = itemType === 'post';
  let message: string;
  if (!rejected) {
    message =
      notice.message ?? t(post ? 'moderationNotice.heldPost' : 'moderationNotice.heldComment');
  } else if (check.data?.automatic && notice.message) {
    message = notice.message;
  } else if (check.data) {
    message = t(post ? 'moderationNotice.rejectedByPost' : 'moderationNotice.rejectedByComment');
  } else {
    message = t(post ? 'moderationNotice.rejectedPost' : 'moderationNotice.rejectedComment');
  }
  return (
    <section
      className={`notice moderation-notice ${rejected ? 'moderation-rejected' : 'moderation-held'}`}
      aria-label={t('moderationNotice.region')}
    >
      <p>
        <StatusBadge
          tone={rejected ? 'bad' : 'warn'}
          text={rejected ? t('moderationNotice.rejected') : t('moderationNotice.held')}
        />
      </p>
      <p>{message}</p>
      {rejected ? null : <p className="small muted">{t('moderationNotice.onlyYou')}</p>}
      {rejected && notice.checkId ? <AppealPanel checkId={notice.checkId} check={check} /> : null}
    </section>
  );
}

/** The appeal of a rejection: its state when there is one, else the form when allowed. */
function AppealPanel({ checkId, check }: { checkId: string; check: Resource<CheckView> }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState(false);
  const sentRef = useRef<HTMLParagraphElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (sent) {
      sentRef.current?.focus();
    }
  }, [sent]);

  useEffect(() => {
    if (!open && returnFocus.current) {
      returnFocus.current = false;
      openerRef.current?.focus();
    }
  }, [open]);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!message.trim()) {
      setMissing(true);
      document.getElementById(`${id}-message`)?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await appealCheck(checkId, message.trim());
      setSent(true);
      setOpen(false);
      announce(t('moderationNotice.appealSent'));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  if (sent) {
    return (
      <p ref={sentRef} tabIndex={-1} className="appeal-sent">
        {t('moderationNotice.appealWaiting')}
      </p>
    );
  }
  if (check.loading) {
    return null;
  }
  const view = check.data;
  if (!view) {
    // Not being able to read the appeal state must not hide the notice itself.
    return check.error && check.error.code !== 'not_found' ? (
      <ModerationError error={check.error} onRetry={check.reload} />
    ) : null;
  }
  if (view.appeal) {
    const text =
      view.appeal.status === 'open'
        ? t('moderationNotice.appealWaiting')
        : view.appeal.decision === 'approve'
          ? t('moderationNotice.appealUpheld')
          : t('moderationNotice.appealRefused');
    return <p>{text}</p>;
  }
  if (!view.canAppeal) {
    return null;
  }
  if (!open) {
    return (
      <p className="actions">
        <button ref={openerRef} type="button" className="button" onClick={() => setOpen(true)}>
          {t('moderationNotice.appeal')}
        </button>
      </p>
    );
  }
  return (
    <form
      className="stack appeal-form"
      aria-label={t('moderationNotice.appeal')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <div className="field">
        <label htmlFor={`${id}-message`}>{t('moderationNotice.appealMessage')}</label>
        <textarea
          id={`${id}-message`}
          rows={4}
          maxLength={2000}
          autoFocus
          value={message}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${id}-error` : `${id}-hint`}
          onChange={(event) => {
            setMessage(event.target.value);
            setMissing(false);
          }}
        />
        <p id={`${id}-hint`} className="hint">
          {t('moderationNotice.appealHint')}
        </p>
        {missing ? (
          <p id={`${id}-error`} className="field-error">
            {t('moderationNotice.appealRequired')}
          </p>
        ) : null}
      </div>
      <ModerationError error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
          {t('moderationNotice.sendAppeal')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            returnFocus.current = true;
            setOpen(false);
          }}
        >
          {t('actions.cancel')}
        </button>
      </div>
    </form>
  );
}
