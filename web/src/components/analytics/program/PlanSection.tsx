/**
 * The rollout plan (docs/PROGRAM.md): five phases, each an article with its deliverables and
 * success criteria. A measured criterion shows its observed value against the target; a manual
 * one is checked off (or back) by a button. A phase is complete when every criterion is met;
 * the current phase is the first one that is not.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkCriterion,
  type Criterion,
  type Phase,
  PHASES,
  usePlan,
} from '../../../api/analyticsProgram';
import type { ApiError } from '../../../api/client';
import { toApiError } from '../../../api/useResource';
import { announce } from '../../announcer';
import { ErrorAlert } from '../../ErrorAlert';
import { StatusBadge } from '../../StatusBadge';
import { DataState } from '../DataState';
import { useAnalyticsFormat } from '../useAnalyticsFormat';
import { formatUnit } from './unitFormat';

/** The phase's name in the page's language (the API's English one for an unknown phase). */
function usePhaseName(phase: Phase): string {
  const { t } = useTranslation();
  const key = PHASES.find((known) => known === phase.key);
  return key ? t(`analyticsProgram.phases.${key}`) : phase.name;
}

function CriterionItem({ criterion, onChange }: { criterion: Criterion; onChange: () => void }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const value = (number: number | null) => formatUnit(af, criterion.unit, number);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await checkCriterion(criterion.key, !criterion.met);
      announce(
        t(criterion.met ? 'analyticsProgram.plan.unchecked' : 'analyticsProgram.plan.checked', {
          title: criterion.title,
        }),
      );
      onChange();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={`plan-criterion ${criterion.met ? 'criterion-met' : 'criterion-open'}`}>
      <span className={`badge status ${criterion.met ? 'status-good' : 'status-bad'}`}>
        {criterion.met ? t('analyticsProgram.met') : t('analyticsProgram.notMet')}
      </span>{' '}
      <strong>{criterion.title}</strong>
      <span className="small muted"> — {criterion.measure}</span>
      {criterion.kind === 'measured' ? (
        <span className="small criterion-figures">
          {t('analyticsProgram.plan.observed', {
            observed: value(criterion.observed),
            comparison: t(`analyticsProgram.directions.${criterion.comparison ?? 'at_least'}`),
            target: value(criterion.target),
          })}
        </span>
      ) : (
        <span className="small criterion-figures">
          {criterion.met && criterion.checkedAt
            ? t('analyticsProgram.plan.checkedOn', { date: af.date(criterion.checkedAt) })
            : t('analyticsProgram.plan.manual')}{' '}
          <button
            type="button"
            className="button small"
            disabled={busy}
            aria-busy={busy}
            onClick={() => void toggle()}
          >
            {criterion.met
              ? t('analyticsProgram.plan.uncheck', { title: criterion.title })
              : t('analyticsProgram.plan.check', { title: criterion.title })}
          </button>
        </span>
      )}
      <ErrorAlert error={error} />
    </li>
  );
}

function PhaseCard({
  phase,
  index,
  current,
  onChange,
}: {
  phase: Phase;
  index: number;
  current: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const name = usePhaseName(phase);
  return (
    <article
      className={`card plan-phase${current ? ' plan-current' : ''}`}
      aria-labelledby={`${id}-name`}
    >
      <h3 id={`${id}-name`}>{t('analyticsProgram.plan.phaseName', { number: index + 1, name })}</h3>
      <p>
        <StatusBadge
          tone={phase.complete ? 'good' : current ? 'warn' : 'neutral'}
          text={
            phase.complete
              ? t('analyticsProgram.plan.complete')
              : current
                ? t('analyticsProgram.plan.current')
                : t('analyticsProgram.plan.open')
          }
        />{' '}
        {t('analyticsProgram.plan.metCount', { met: phase.met, count: phase.criteria.length })}
      </p>
      <h4>{t('analyticsProgram.plan.deliverables')}</h4>
      <ul className="small">
        {phase.deliverables.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h4>{t('analyticsProgram.plan.criteria')}</h4>
      <ul className="plan-criteria" aria-label={t('analyticsProgram.plan.criteriaOf', { name })}>
        {phase.criteria.map((criterion) => (
          <CriterionItem key={criterion.key} criterion={criterion} onChange={onChange} />
        ))}
      </ul>
    </article>
  );
}

export function PlanSection() {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const plan = usePlan();

  return (
    <section className="page-section" aria-labelledby={`${id}-plan`}>
      <h2 id={`${id}-plan`}>{t('analyticsProgram.plan.heading')}</h2>
      <DataState resource={plan}>
        {(data) => (
          <>
            <p className="muted">
              {data.complete
                ? t('analyticsProgram.plan.allComplete', { month: af.monthLong(data.asOf) })
                : t('analyticsProgram.plan.intro', { month: af.monthLong(data.asOf) })}
            </p>
            <div className="plan-phases">
              {data.phases.map((phase, index) => (
                <PhaseCard
                  key={phase.key}
                  phase={phase}
                  index={index}
                  current={phase.key === data.currentPhase}
                  onChange={plan.reload}
                />
              ))}
            </div>
          </>
        )}
      </DataState>
    </section>
  );
}
