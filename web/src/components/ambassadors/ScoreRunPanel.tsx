import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getScoreRun, type ScoreRun, startScoreRun } from '../../api/ambassadors';
import { toApiError } from '../../api/useResource';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { AmbassadorError } from './AmbassadorError';
import { useAction } from './useAction';

const POLL_MS = 1000;

/** "Score now": starts a scoring run and follows its progress until it ends. */
export function ScoreRunPanel({ programId, onDone }: { programId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const action = useAction();
  const [run, setRun] = useState<ScoreRun | null>(null);
  const [pollError, setPollError] = useState<ReturnType<typeof toApiError> | null>(null);
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  }, [onDone]);

  const runId = run?.id ?? null;
  const running = run !== null && (run.status === 'queued' || run.status === 'running');

  useEffect(() => {
    if (!runId || !running) {
      return undefined;
    }
    const timer = window.setTimeout(() => {
      getScoreRun(runId)
        .then((next) => {
          setPollError(null);
          setRun(next);
          if (next.status === 'done') {
            announce(
              t('ambassadors.run.doneMessage', {
                scored: next.scored,
                excluded: next.excluded,
                notConsented: next.notConsented,
              }),
            );
            onDoneRef.current();
          } else if (next.status === 'failed') {
            announce(t('ambassadors.run.failedMessage'));
          }
        })
        .catch((caught: unknown) => setPollError(toApiError(caught)));
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [runId, running, run, t]);

  const handleStart = () =>
    void action.run(async () => {
      setRun(await startScoreRun(programId));
    });

  const total = run?.membersTotal ?? null;
  return (
    <section className="card" aria-labelledby="score-run-title">
      <h2 id="score-run-title">{t('ambassadors.run.title')}</h2>
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={action.pending || running}
          onClick={handleStart}
        >
          {t('ambassadors.run.start')}
        </button>
      </div>
      {run ? (
        <div className="progress">
          <p>{t(`ambassadors.run.status.${run.status}`)}</p>
          <progress
            aria-label={t('ambassadors.run.progress')}
            max={total ?? undefined}
            value={total === null ? undefined : run.membersDone}
          />
          <dl className="figures">
            <div>
              <dt>{t('ambassadors.run.done')}</dt>
              <dd>
                {total === null
                  ? format.number(run.membersDone)
                  : t('ambassadors.run.ofTotal', {
                      done: format.number(run.membersDone),
                      total: format.number(total),
                    })}
              </dd>
            </div>
            <div>
              <dt>{t('ambassadors.run.scored')}</dt>
              <dd>{format.number(run.scored)}</dd>
            </div>
            <div>
              <dt>{t('ambassadors.run.excluded')}</dt>
              <dd>{format.number(run.excluded)}</dd>
            </div>
            <div>
              <dt>{t('ambassadors.run.notConsented')}</dt>
              <dd>{format.number(run.notConsented)}</dd>
            </div>
          </dl>
          {run.error ? <p className="field-error">{run.error}</p> : null}
        </div>
      ) : null}
      <AmbassadorError error={action.error ?? pollError} />
    </section>
  );
}
