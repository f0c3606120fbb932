import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { previewMarkdown } from '../api/markdown';
import { toApiError } from '../api/useResource';
import { ErrorAlert } from './ErrorAlert';
import { SafeHtml } from './SafeHtml';

interface MarkdownEditorProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  autoFocus?: boolean;
  /** id of an error message for this field, when there is one */
  errorId?: string;
}

type Mode = 'write' | 'preview';

/** A Markdown textarea with a Write/Preview toggle; the preview is the server's rendering. */
export function MarkdownEditor(props: MarkdownEditorProps) {
  const { id, label, value, onChange, rows = 8, autoFocus, errorId } = props;
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('write');
  const [html, setHtml] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const focusWrite = useRef(false);
  const hintId = `${id}-hint`;

  useEffect(() => {
    if (mode === 'write' && focusWrite.current) {
      focusWrite.current = false;
      textareaRef.current?.focus();
    }
  }, [mode]);

  const handleWrite = () => {
    focusWrite.current = true;
    setMode('write');
  };

  const handlePreview = async () => {
    setMode('preview');
    setError(null);
    if (!value.trim()) {
      setHtml('');
      return;
    }
    setLoading(true);
    try {
      setHtml(await previewMarkdown(value));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setLoading(false);
    }
  };

  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return (
    <div className="field markdown-editor">
      <label htmlFor={id}>{label}</label>
      <div className="editor-modes" role="group" aria-label={t('editor.modes')}>
        <button
          type="button"
          className="button toggle small"
          aria-pressed={mode === 'write'}
          onClick={handleWrite}
        >
          {t('editor.write')}
        </button>
        <button
          type="button"
          className="button toggle small"
          aria-pressed={mode === 'preview'}
          onClick={() => void handlePreview()}
        >
          {t('editor.preview')}
        </button>
      </div>
      <textarea
        ref={textareaRef}
        id={id}
        value={value}
        rows={rows}
        hidden={mode !== 'write'}
        autoFocus={autoFocus}
        aria-describedby={describedBy}
        aria-invalid={errorId ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={hintId} className="hint" hidden={mode !== 'write'}>
        {t('editor.hint')}
      </p>
      {mode === 'preview' ? (
        <section className="preview" aria-label={t('editor.previewRegion')}>
          {loading ? <p className="muted">{t('editor.rendering')}</p> : null}
          <ErrorAlert error={error} />
          {!loading && !error && html ? <SafeHtml className="content" html={html} /> : null}
          {!loading && !error && !html ? (
            <p className="muted">{t('editor.nothingToPreview')}</p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
