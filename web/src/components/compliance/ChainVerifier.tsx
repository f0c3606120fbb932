import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChainReport, verifyAuditChain } from '../../api/audit';
import { useFormat } from '../../i18n/useFormat';
import { AmbassadorError } from '../ambassadors/AmbassadorError';
import { useAction } from '../ambassadors/useAction';
import { announce } from '../announcer';
import { CopyButton } from '../CopyButton';
import { StatusBadge } from '../StatusBadge';

/** `12:ab…` → {seq, hash}; null when the text is not a head. */
function parseAnchor(text: string): { seq: number; hash: string } | null {
  const match = /^\s*([1-9][0-9]*):([0-9a-f]{64})\s*$/.exec(text);
  return match ? { seq: Number(match[1]), hash: match[2] ?? '' } : null;
}

/**
 * "Verify chain": recomputes the tenant's audit chain on the server and shows whether it holds,
 * every problem with its seq, and the head as `seq:hash` to keep somewhere else; a head kept
 * earlier can be given back to check that it is still there unchanged.
 */
export function ChainVerifier() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  const [anchor, setAnchor] = useState('');
  const [report, setReport] = useState<ChainReport | null>(null);
  const parsed = parseAnchor(anchor);
  const anchorInvalid = anchor.trim() !== '' && parsed === null;

  const handleVerify = () =>
    void action.run(async () => {
      const result = await verifyAuditChain(parsed ?? undefined);
      setReport(result);
      announce(
        result.ok
          ? t('auditLog.verify.ok', { entries: format.number(result.entries) })
          : t('auditLog.verify.broken', { count: result.problems.length }),
      );
    });

  const head = report ? `${report.head.seq}:${report.head.hash}` : '';
  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('auditLog.verify.heading')}</h2>
      <p>{t('auditLog.verify.intro')}</p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-anchor`}>{t('auditLog.verify.anchor')}</label>
          <input
            id={`${id}-anchor`}
            className="mono"
            value={anchor}
            aria-invalid={anchorInvalid}
            aria-describedby={`${id}-anchor-hint`}
            onChange={(event) => setAnchor(event.target.value)}
          />
          <p id={`${id}-anchor-hint`} className={anchorInvalid ? 'field-error' : 'hint'}>
            {anchorInvalid ? t('auditLog.verify.anchorInvalid') : t('auditLog.verify.anchorHint')}
          </p>
        </div>
        <button
          type="button"
          className="button primary"
          disabled={action.pending || anchorInvalid}
          aria-busy={action.pending}
          onClick={handleVerify}
        >
          {t('auditLog.verify.button')}
        </button>
      </div>
      <AmbassadorError error={action.error} />
      <div role="status" aria-live="polite">
        {report ? (
          <div className="card">
            <p>
              <StatusBadge
                tone={report.ok ? 'good' : 'bad'}
                text={report.ok ? t('auditLog.verify.okBadge') : t('auditLog.verify.brokenBadge')}
              />{' '}
              {report.ok
                ? t('auditLog.verify.ok', { entries: format.number(report.entries) })
                : t('auditLog.verify.broken', { count: report.problems.length })}{' '}
              {t('auditLog.verify.blanked', { count: report.blanked })}
            </p>
            {report.problems.length > 0 ? (
              <ul className="compact-list" aria-label={t('auditLog.verify.problems')}>
                {report.problems.map((problem) => (
                  <li key={`${problem.seq}-${problem.problem}`}>
                    {t('auditLog.verify.problem', {
                      seq: problem.seq,
                      problem: problem.problem,
                      message: problem.message,
                    })}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      {report ? (
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-head`}>{t('auditLog.verify.head')}</label>
            <input id={`${id}-head`} className="mono" readOnly value={head} />
          </div>
          <CopyButton text={head} label={t('auditLog.verify.copyHead')} />
        </div>
      ) : null}
    </section>
  );
}
