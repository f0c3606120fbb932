import { useId, useState } from 'react';
import { type UseTranslationResponse, useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { cancelImport, importErrorReportUrl, isActiveImport } from '../../api/integrations';
import type { ImportJob } from '../../api/types';
import { toApiError } from '../../api/useResource';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';
import { ImportProgress } from './ImportProgress';
import { IMPORT_TONES } from './statusTones';

interface ImportJobItemProps {
  job: ImportJob;
  onChange: (job: ImportJob) => void;
}

/** One import job: file, kind and format, status, progress, row counts, failure, report. */
export function ImportJobItem({ job, onChange }: ImportJobItemProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleCancel = async () => {
    setPending(true);
    setError(null);
    try {
      onChange(await cancelImport(job.id));
      announce(t('imports.cancelled', { name: job.fileName }));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const counts = [
    ['rowsRead', job.rowsRead],
    ['rowsImported', job.rowsImported],
    ['rowsUnchanged', job.rowsUnchanged],
    ['rowsSkipped', job.rowsSkipped],
    ['errorCount', job.errorCount],
  ] as const;

  return (
    <article className="card job" aria-labelledby={`${id}-name`}>
      <h4 id={`${id}-name`}>{job.fileName}</h4>
      <p className="meta">
        <StatusBadge tone={IMPORT_TONES[job.status]} text={t(`imports.status.${job.status}`)} />
        <span>
          {t(`imports.kinds.${job.kind}`)} · {presetLabel(job.preset, t)}
        </span>
        {job.dryRun ? <span className="badge">{t('imports.dryRunBadge')}</span> : null}
        <span>
          {t('imports.created')} <RelativeTime value={job.createdAt} />
        </span>
        {job.finishedAt ? (
          <span>
            {t('imports.finished')} <RelativeTime value={job.finishedAt} />
          </span>
        ) : null}
      </p>
      <ImportProgress job={job} />
      <dl className="figures">
        {counts.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`imports.counts.${key}`)}</dt>
            <dd>{format.number(value)}</dd>
          </div>
        ))}
      </dl>
      {job.failure ? (
        <p className="failure">
          <strong>{t('imports.failure')}</strong> {job.failure}
        </p>
      ) : null}
      <div className="actions">
        {job.hasErrorReport ? (
          <a className="button small" href={importErrorReportUrl(job.id)} download>
            {t('imports.errorReport')}
          </a>
        ) : null}
        {isActiveImport(job) ? (
          <button
            type="button"
            className="button small"
            disabled={pending}
            aria-busy={pending}
            onClick={() => void handleCancel()}
          >
            {t('imports.cancel')}
          </button>
        ) : null}
      </div>
      <ErrorAlert error={error} />
    </article>
  );
}

// The default namespace named: `ReturnType<typeof useTranslation>` spans every namespace,
// which makes TypeScript's key checking run out of depth once the strings grow.
type Translate = UseTranslationResponse<'translation', undefined>['t'];

const KNOWN_PRESETS = ['online-retail', 'shopify-orders', 'customers', 'social-mentions'] as const;

/** A preset's translated name; an unknown one (from a mapping file) as it is. */
export function presetLabel(preset: string, t: Translate): string {
  const known = KNOWN_PRESETS.find((item) => item === preset);
  return known ? t(`imports.presets.${known}`) : preset;
}
