import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CLAUSE_IDS, type ClauseCheck } from '../../api/contracts';
import { StatusBadge } from '../StatusBadge';

/**
 * The clause check of a template text: one line per clause CON-01..10, passing or failing,
 * with each problem the check found. Blocking problems (B) stop publishing; warnings (W) do not.
 */
export function ClauseCheckResult({ check }: { check: ClauseCheck }) {
  const { t } = useTranslation();
  const id = useId();
  const problems = [...check.missing, ...check.warnings];
  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('contracts.check.title')}</h3>
      <p>
        <StatusBadge
          tone={check.publishable ? 'good' : 'bad'}
          text={check.publishable ? t('contracts.check.publishable') : t('contracts.check.blocked')}
        />{' '}
        {t('contracts.check.summary', {
          missing: check.missing.length,
          warnings: check.warnings.length,
        })}
      </p>
      <ul className="plain-list" aria-label={t('contracts.check.listLabel')}>
        {CLAUSE_IDS.map((clause) => {
          const info = check.clauses.find((item) => item.clause === clause);
          const own = problems.filter((problem) => problem.clause === clause);
          const blocking = own.some((problem) => problem.severity === 'B');
          const passed = own.length === 0;
          const tone = passed ? 'good' : blocking ? 'bad' : 'warn';
          const state = passed
            ? t('contracts.check.passed')
            : blocking
              ? t('contracts.check.failed')
              : t('contracts.check.warning');
          return (
            <li key={clause}>
              <strong>
                {clause} {info?.title ?? t(`contracts.clauses.${clause}`)}
              </strong>{' '}
              <StatusBadge tone={tone} text={state} />
              {info && !info.present ? (
                <span className="muted small"> {t('contracts.check.notFound')}</span>
              ) : null}
              {own.length > 0 ? (
                <ul className="compact-list">
                  {own.map((problem) => (
                    <li key={problem.problem}>{problem.problem}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
