import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../api/content';
import { StatusBadge } from '../StatusBadge';
import { useContentLabels } from './labels';

interface FindingsListProps {
  findings: readonly Finding[];
  /** The findings ticked for a change request; no ticks when left out. */
  picked?: ReadonlyMap<string, string>;
  onPick?: (findingId: string, on: boolean) => void;
  onNote?: (findingId: string, note: string) => void;
}

const TONES = { B: 'bad', W: 'warn', I: 'neutral' } as const;

/**
 * The pre-check's findings: rule, severity, where it came from and what to change, with the
 * words each points at. A reviewer asking for changes ticks findings and says what to change.
 */
export function FindingsList({ findings, picked, onPick, onNote }: FindingsListProps) {
  const { t } = useTranslation();
  const id = useId();
  const labels = useContentLabels();
  const head = (finding: Finding) => (
    <>
      <strong className="mono">{finding.ruleId}</strong>{' '}
      <StatusBadge tone={TONES[finding.severity]} text={labels.severity(finding.severity)} />{' '}
      <span className="muted small">{t(`content.source.${finding.source}`)}</span>
    </>
  );
  if (findings.length === 0) {
    return <p className="muted">{t('content.findings.none')}</p>;
  }
  return (
    <ul className="compact-list" aria-label={t('content.findings.title')}>
      {findings.map((finding) => {
        const note = picked?.get(finding.id);
        const ticked = note !== undefined;
        return (
          <li key={finding.id} className="stack">
            {onPick ? (
              <label className="checkbox-field">
                <input
                  type="checkbox"
                  checked={ticked}
                  onChange={(event) => onPick(finding.id, event.target.checked)}
                />{' '}
                {head(finding)}
              </label>
            ) : (
              <p>{head(finding)}</p>
            )}
            <p>{finding.message}</p>
            {finding.spans.length > 0 ? (
              <p className="small">
                {t('content.findings.at')}{' '}
                {finding.spans.map((span, index) => (
                  <q key={`${span.start}-${index}`} className="mono">
                    {span.text}
                  </q>
                ))}
              </p>
            ) : null}
            {ticked && onNote ? (
              <div className="field">
                <label htmlFor={`${id}-${finding.id}-note`}>
                  {t('content.findings.whatToChange')}
                </label>
                <input
                  id={`${id}-${finding.id}-note`}
                  type="text"
                  maxLength={1000}
                  value={note}
                  onChange={(event) => onNote(finding.id, event.target.value)}
                />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
