import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { startImport } from '../../api/integrations';
import { IMPORT_KINDS, IMPORT_PRESETS, type ImportJob, type ImportKind } from '../../api/types';
import { toApiError } from '../../api/useResource';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { presetLabel } from './ImportJobItem';

function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}

/** Uploads a file to import: kind of data, its format (preset), the file, dry run or not. */
export function ImportUploadForm({ onStarted }: { onStarted: (job: ImportJob) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<ImportKind>('orders');
  const [preset, setPreset] = useState<string>(IMPORT_PRESETS.orders[0]);
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [missingFile, setMissingFile] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleKind = (value: string) => {
    if (isImportKind(value)) {
      setKind(value);
      setPreset(IMPORT_PRESETS[value][0]);
    }
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      fileRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      const job = await startImport({ kind, preset, file, dryRun });
      onStarted(job);
      announce(t('imports.started', { name: job.fileName }));
      setFile(null);
      if (fileRef.current) {
        fileRef.current.value = '';
      }
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="stack" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('imports.kind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => handleKind(event.target.value)}
          >
            {IMPORT_KINDS.map((item) => (
              <option key={item} value={item}>
                {t(`imports.kinds.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-preset`}>{t('imports.preset')}</label>
          <select
            id={`${id}-preset`}
            value={preset}
            onChange={(event) => setPreset(event.target.value)}
          >
            {IMPORT_PRESETS[kind].map((item) => (
              <option key={item} value={item}>
                {presetLabel(item, t)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('imports.file')}</label>
        <input
          ref={fileRef}
          id={`${id}-file`}
          type="file"
          accept=".csv,.ndjson,.jsonl,.gz,text/csv,application/gzip,application/x-ndjson"
          required
          aria-invalid={missingFile || undefined}
          aria-describedby={`${id}-file-hint${missingFile ? ` ${id}-file-error` : ''}`}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setMissingFile(false);
          }}
        />
        <p id={`${id}-file-hint`} className="hint">
          {t('imports.fileHint')}
        </p>
        {missingFile ? (
          <p id={`${id}-file-error`} className="field-error">
            {t('imports.fileRequired')}
          </p>
        ) : null}
      </div>
      <div className="checkbox-field">
        <input
          id={`${id}-dry`}
          type="checkbox"
          checked={dryRun}
          aria-describedby={`${id}-dry-hint`}
          onChange={(event) => setDryRun(event.target.checked)}
        />
        <label htmlFor={`${id}-dry`}>{t('imports.dryRun')}</label>
      </div>
      <p id={`${id}-dry-hint`} className="hint">
        {t('imports.dryRunHint')}
      </p>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
          {pending ? t('imports.uploading') : t('imports.submit')}
        </button>
      </div>
    </form>
  );
}
