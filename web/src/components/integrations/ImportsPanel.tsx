import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportJobs, useImportPolling } from '../../api/integrations';
import type { ImportJob } from '../../api/types';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { LoadMore } from '../LoadMore';
import { ImportJobItem } from './ImportJobItem';
import { ImportUploadForm } from './ImportUploadForm';

/** The Imports tab: upload a file, follow the jobs (queued and running ones refresh). */
export function ImportsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const jobs = useImportJobs();
  const { setItems } = jobs;

  const handleFinished = useCallback(
    (job: ImportJob) => {
      const values = {
        name: job.fileName,
        imported: format.number(job.rowsImported),
        skipped: format.number(job.rowsSkipped),
      };
      if (job.status === 'succeeded') {
        announce(t('imports.doneSucceeded', values));
      } else if (job.status === 'failed') {
        announce(t('imports.doneFailed', values));
      } else if (job.status === 'cancelled') {
        announce(t('imports.cancelled', values));
      }
    },
    [format, t],
  );
  useImportPolling(jobs, handleFinished);

  const handleStarted = (job: ImportJob) => {
    setItems((items) => [job, ...items.filter((item) => item.id !== job.id)]);
  };
  const handleChange = (job: ImportJob) => {
    setItems((items) => items.map((item) => (item.id === job.id ? job : item)));
  };

  return (
    <>
      <h2>{t('imports.title')}</h2>
      <section aria-labelledby="imports-upload-heading">
        <h3 id="imports-upload-heading">{t('imports.uploadTitle')}</h3>
        <ImportUploadForm onStarted={handleStarted} />
      </section>
      <section aria-labelledby="imports-jobs-heading">
        <h3 id="imports-jobs-heading">{t('imports.jobsTitle')}</h3>
        {jobs.loading ? <Loading /> : null}
        {jobs.items.length === 0 ? <ErrorAlert error={jobs.error} onRetry={jobs.reload} /> : null}
        {!jobs.loading && !jobs.error && jobs.items.length === 0 ? (
          <p>{t('imports.empty')}</p>
        ) : null}
        <ol className="plain-list" aria-label={t('imports.jobsTitle')}>
          {jobs.items.map((job) => (
            <li key={job.id}>
              <ImportJobItem job={job} onChange={handleChange} />
            </li>
          ))}
        </ol>
        <LoadMore paged={jobs} />
      </section>
    </>
  );
}
