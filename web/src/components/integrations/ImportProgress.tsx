import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../../api/types';
import { useFormat } from '../../i18n/useFormat';

/** "about 3 minutes left", in the largest fitting unit. */
function useEtaText(): (seconds: number) => string {
  const { t } = useTranslation();
  return (seconds) => {
    if (seconds < 60) {
      const count = Math.max(1, Math.round(seconds));
      return t('imports.etaSeconds', { count });
    }
    if (seconds < 3600) {
      return t('imports.etaMinutes', { count: Math.round(seconds / 60) });
    }
    return t('imports.etaHours', { count: Math.round(seconds / 3600) });
  };
}

/**
 * A job's progress bar (the native progress element, role progressbar) with the share read,
 * rows a second and time left in words; without a known file size it is indeterminate.
 */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const format = useFormat();
  const etaText = useEtaText();
  const { fraction, rowsPerSecond, etaSeconds } = job.progress;
  const percent = fraction === null ? null : Math.round(Math.min(Math.max(fraction, 0), 1) * 100);

  const parts: string[] = [];
  if (fraction !== null) {
    parts.push(t('imports.read', { percent: format.percent(fraction) }));
  } else if (job.status === 'queued') {
    parts.push(t('imports.waiting'));
  }
  if (rowsPerSecond !== null) {
    parts.push(
      t('imports.rate', { count: rowsPerSecond, formatted: format.number(rowsPerSecond) }),
    );
  }
  if (etaSeconds !== null && job.status === 'running') {
    parts.push(etaText(etaSeconds));
  }
  const text = parts.join(' · ');

  return (
    <div className="progress">
      <progress
        max={100}
        value={percent ?? undefined}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={text || undefined}
        aria-label={t('imports.progressOf', { name: job.fileName })}
      />
      {text ? <p className="small muted">{text}</p> : null}
    </div>
  );
}
