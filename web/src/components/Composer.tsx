import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import type { PostInput } from '../api/posts';
import { toApiError } from '../api/useResource';
import { ErrorAlert } from './ErrorAlert';
import { MarkdownEditor } from './MarkdownEditor';

interface ComposerProps {
  initial?: PostInput;
  /** "Publish" for a new post, "Save" when editing */
  submitLabel: string;
  onSubmit: (input: PostInput) => Promise<void>;
  onCancel?: () => void;
  /** Focus the title when the form opens (for editing in place). */
  autoFocus?: boolean;
}

function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  return [...new Set(tags)];
}

/** The post form: Title, Body (Markdown with preview) and Tags. */
export function Composer(props: ComposerProps) {
  const { initial, submitLabel, onSubmit, onCancel, autoFocus } = props;
  const { t } = useTranslation();
  const id = useId();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [tags, setTags] = useState(initial?.tags.join(', ') ?? '');
  const [titleError, setTitleError] = useState(false);
  const [bodyError, setBodyError] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missingTitle = !title.trim();
    const missingBody = !body.trim();
    setTitleError(missingTitle);
    setBodyError(missingBody);
    if (missingTitle || missingBody) {
      if (missingTitle) {
        titleRef.current?.focus();
      } else {
        document.getElementById(`${id}-body`)?.focus();
      }
      return;
    }
    setPending(true);
    setError(null);
    try {
      await onSubmit({ title: title.trim(), body, tags: parseTags(tags) });
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  };

  return (
    <form className="composer stack" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('composer.title')}</label>
        <input
          ref={titleRef}
          id={`${id}-title`}
          type="text"
          value={title}
          maxLength={200}
          autoFocus={autoFocus}
          aria-invalid={titleError || undefined}
          aria-describedby={titleError ? `${id}-title-error` : undefined}
          onChange={(event) => {
            setTitle(event.target.value);
            setTitleError(false);
          }}
        />
        {titleError ? (
          <p id={`${id}-title-error`} className="field-error">
            {t('composer.titleRequired')}
          </p>
        ) : null}
      </div>
      <MarkdownEditor
        id={`${id}-body`}
        label={t('composer.body')}
        value={body}
        onChange={(value) => {
          setBody(value);
          setBodyError(false);
        }}
        rows={12}
        errorId={bodyError ? `${id}-body-error` : undefined}
      />
      {bodyError ? (
        <p id={`${id}-body-error`} className="field-error">
          {t('composer.bodyRequired')}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-tags`}>{t('composer.tags')}</label>
        <input
          id={`${id}-tags`}
          type="text"
          value={tags}
          aria-describedby={`${id}-tags-hint`}
          onChange={(event) => setTags(event.target.value)}
        />
        <p id={`${id}-tags-hint`} className="hint">
          {t('composer.tagsHint')}
        </p>
      </div>
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
