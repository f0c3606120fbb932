import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  answerQuiz,
  type Checklist,
  recheckProfile,
  signAgreement,
  useChecklist,
} from '../../api/ambassadorWork';
import type { ApiError } from '../../api/client';
import { toApiError } from '../../api/useResource';
import { useSession } from '../../api/session';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';
import { useAction } from './useAction';

function Quiz({
  placeId,
  checklist,
  onDone,
}: {
  placeId: string;
  checklist: Checklist;
  onDone: (next: Checklist) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [answers, setAnswers] = useState<(number | null)[]>(() =>
    checklist.quiz.questions.map(() => null),
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const wrong = new Set(
    error?.code === 'quiz_not_passed'
      ? ((error.details as { wrong?: number[] } | undefined)?.wrong ?? [])
      : [],
  );
  return (
    <form
      className="stack"
      aria-label={t('ambassadors.onboarding.quiz')}
      onSubmit={(event) => {
        event.preventDefault();
        setPending(true);
        setError(null);
        answerQuiz(
          placeId,
          answers.map((answer) => answer ?? 0),
        )
          .then((next) => {
            announce(t('ambassadors.onboarding.quizPassed'));
            onDone(next);
          })
          .catch((caught: unknown) => setError(toApiError(caught)))
          .finally(() => setPending(false));
      }}
    >
      <p className="hint">
        {t('ambassadors.onboarding.quizIntro', {
          passMark: checklist.quiz.passMark,
          total: checklist.quiz.questions.length,
          attempts: checklist.quiz.attempts,
        })}
      </p>
      {checklist.quiz.questions.map((question, index) => (
        <fieldset
          key={question.number}
          className="checkbox-group"
          aria-invalid={wrong.has(question.number) ? true : undefined}
          aria-describedby={
            wrong.has(question.number) ? `${id}-wrong-${question.number}` : undefined
          }
        >
          <legend>
            {t('ambassadors.onboarding.questionLine', {
              number: question.number,
              question: question.question,
            })}
          </legend>
          {question.options.map((option, optionIndex) => (
            <label key={option} className="checkbox-field">
              <input
                type="radio"
                name={`${id}-q${question.number}`}
                required
                checked={answers[index] === optionIndex}
                onChange={() =>
                  setAnswers((current) =>
                    current.map((value, i) => (i === index ? optionIndex : value)),
                  )
                }
              />
              {option}
            </label>
          ))}
          {wrong.has(question.number) ? (
            <p className="field-error" id={`${id}-wrong-${question.number}`}>
              {t('ambassadors.onboarding.wrong')}
            </p>
          ) : null}
        </fieldset>
      ))}
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending}>
          {t('ambassadors.onboarding.sendAnswers')}
        </button>
      </div>
      {error ? (
        <div className="alert" role="alert">
          <p className="alert-title">{error.message || t('errors.generic')}</p>
          {wrong.size > 0 ? (
            <p>
              {t('ambassadors.onboarding.wrongList', {
                numbers: [...wrong].sort((a, b) => a - b).join(', '),
              })}
            </p>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

/** The onboarding checklist of one place: the agreement, the disclosure quiz, the profile. */
export function OnboardingChecklist({
  placeId,
  onComplete,
}: {
  placeId: string;
  onComplete: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { user } = useSession();
  const checklist = useChecklist(placeId);
  const agree = useAction();
  const profile = useAction();
  const data = checklist.data;
  const update = (next: Checklist) => {
    checklist.setData(next);
    if (next.complete) {
      announce(t('ambassadors.onboarding.complete'));
      onComplete();
    }
  };
  if (checklist.loading && !data) {
    return <Loading />;
  }
  if (!data) {
    return <AmbassadorError error={checklist.error} onRetry={checklist.reload} />;
  }
  const item = (key: 'agreement' | 'training' | 'profile') =>
    data.items.find((entry) => entry.key === key);
  const signed = item('agreement')?.done ?? false;
  const trained = item('training')?.done ?? false;
  const profileItem = item('profile');
  return (
    <section className="stack" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('ambassadors.onboarding.title')}</h4>
      <ol className="step-list">
        <li>
          <h5>
            {t('ambassadors.onboarding.agreement')}{' '}
            <span className="badge">
              {signed ? t('ambassadors.onboarding.done') : t('ambassadors.onboarding.todo')}
            </span>
          </h5>
          {signed ? (
            <p className="muted small">
              {t('ambassadors.onboarding.signed', { version: data.signedVersion ?? 0 })}
            </p>
          ) : (
            <div className="stack">
              <p className="meta">
                {t('ambassadors.onboarding.agreementVersion', { version: data.agreement.version })}
              </p>
              <section className="card" aria-label={t('ambassadors.onboarding.agreementText')}>
                <p className="review-text">{data.agreement.body}</p>
              </section>
              <div className="actions">
                <button
                  type="button"
                  className="button primary"
                  disabled={agree.pending}
                  onClick={() =>
                    void agree.run(async () => {
                      const next = await signAgreement(placeId, data.agreement.version);
                      announce(t('ambassadors.onboarding.agreed'));
                      update(next);
                    })
                  }
                >
                  {t('ambassadors.onboarding.agree')}
                </button>
              </div>
              <AmbassadorError error={agree.error} />
            </div>
          )}
        </li>
        <li>
          <h5>
            {t('ambassadors.onboarding.training')}{' '}
            <span className="badge">
              {trained ? t('ambassadors.onboarding.done') : t('ambassadors.onboarding.todo')}
            </span>
          </h5>
          {trained ? (
            <p className="muted small">{t('ambassadors.onboarding.quizDone')}</p>
          ) : (
            <Quiz placeId={placeId} checklist={data} onDone={update} />
          )}
        </li>
        <li>
          <h5>
            {t('ambassadors.onboarding.profile')}{' '}
            <span className="badge">
              {profileItem?.done
                ? t('ambassadors.onboarding.done')
                : t('ambassadors.onboarding.todo')}
            </span>
          </h5>
          {profileItem && profileItem.missing.length > 0 ? (
            <>
              <p>{t('ambassadors.onboarding.profileMissing')}</p>
              <ul className="compact-list" aria-label={t('ambassadors.onboarding.missing')}>
                {profileItem.missing.map((gap) => (
                  <li key={gap}>{gap}</li>
                ))}
              </ul>
              {user ? (
                <p>
                  <Link to={`/u/${user.username}`}>{t('ambassadors.onboarding.editProfile')}</Link>
                </p>
              ) : null}
            </>
          ) : null}
          {profileItem?.done ? null : (
            <div className="actions">
              <button
                type="button"
                className="button"
                disabled={profile.pending}
                onClick={() =>
                  void profile.run(async () => {
                    const next = await recheckProfile(placeId);
                    announce(t('ambassadors.onboarding.checked'));
                    update(next);
                  })
                }
              >
                {t('ambassadors.onboarding.checkAgain')}
              </button>
            </div>
          )}
          <AmbassadorError error={profile.error} />
        </li>
      </ol>
    </section>
  );
}
