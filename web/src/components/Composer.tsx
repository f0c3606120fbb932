import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { type DisclosureResult, disclosureOfError, marketOfRegion } from '../api/disclosure';
import type { PostInput } from '../api/posts';
import { useSession } from '../api/session';
import { toApiError } from '../api/useResource';
import { DisclosureHelper } from './disclosure/DisclosureHelper';
import { useDisclosureCheck } from './disclosure/useDisclosureCheck';
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

/**
 * The post form: Title, Body (Markdown with preview), Tags and the "contains paid or sponsored
 * content" declaration, with the disclosure helper that checks the draft as the author types.
 */
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
  const [paidDeclared, setPaidDeclared] = useState(initial?.paidDeclared ?? false);
  // An edit whose caller did not pass the declaration leaves the stored one alone until toggled.
  const [paidTouched, setPaidTouched] = useState(false);
  // The check the server answered a refused post with; shown until the draft changes.
  const [refusal, setRefusal] = useState<DisclosureResult | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const { user } = useSession();
  const checked = useDisclosureCheck({
    text: body,
    title,
    market: marketOfRegion(user?.region?.code),
    declaredPaid: paidDeclared,
  });
  const sendPaid = initial === undefined || initial.paidDeclared !== undefined || paidTouched;

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
      await onSubmit({
        title: title.trim(),
        body,
        tags: parseTags(tags),
        ...(sendPaid ? { paidDeclared } : {}),
      });
    } catch (caught) {
      const apiError = toApiError(caught);
      setError(apiError);
      setRefusal(disclosureOfError(apiError.details));
      setPending(false);
    }
  };
  const handleBodyChange = (value: string) => {
    setBody(value);
    setBodyError(false);
    setRefusal(null);
  };
  const handlePaidChange = (on: boolean) => {
    setPaidDeclared(on);
    setPaidTouched(true);
    setRefusal(null);
  };
  const handleFix = (label: string) => {
    handleBodyChange(`${label} ${body.trimStart()}`);
    document.getElementById(`${id}-body`)?.focus();
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
            setRefusal(null);
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
        onChange={handleBodyChange}
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
      <div className="field">
        <div className="checkbox-field">
          <input
            id={`${id}-paid`}
            type="checkbox"
            checked={paidDeclared}
            aria-describedby={`${id}-paid-hint`}
            onChange={(event) => handlePaidChange(event.target.checked)}
          />
          <label htmlFor={`${id}-paid`}>{t('disclosure.toggle')}</label>
        </div>
        <p id={`${id}-paid-hint`} className="hint">
          {t('disclosure.toggleHint')}
        </p>
      </div>
      <DisclosureHelper
        result={refusal ?? checked}
        declaredPaid={paidDeclared}
        body={body}
        onFix={handleFix}
      />
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
