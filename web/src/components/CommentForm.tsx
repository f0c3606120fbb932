import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { toApiError } from '../api/useResource';
import { ErrorAlert } from './ErrorAlert';
import { MarkdownEditor } from './MarkdownEditor';

interface CommentFormProps {
  /** Field label: "Comment", "Reply" or "Edit comment" */
  label: string;
  /** Button: "Comment", "Reply" or "Save" */
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
}

/** A Markdown comment box; it empties itself after a successful submit. */
export function CommentForm(props: CommentFormProps) {
  const { label, submitLabel, initial = '', autoFocus, onSubmit, onCancel } = props;
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState(initial);
  const [missing, setMissing] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!body.trim()) {
      setMissing(true);
      document.getElementById(`${id}-body`)?.focus();
      return;
    }
    setMissing(false);
    setPending(true);
    setError(null);
    try {
      await onSubmit(body);
      setBody('');
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="comment-form stack" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <MarkdownEditor
        id={`${id}-body`}
        label={label}
        value={body}
        onChange={setBody}
        rows={4}
        autoFocus={autoFocus}
        errorId={missing ? `${id}-error` : undefined}
      />
      {missing ? (
        <p id={`${id}-error`} className="field-error">
          {t('comments.bodyRequired')}
        </p>
      ) : null}
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
