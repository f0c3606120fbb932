import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SubmitContentForm } from '../../components/content/SubmitContentForm';
import { joinChallenge, type MemberChallenge, useOpenChallenges } from '../../api/gamification';
import { announce } from '../../components/announcer';
import { ConfirmButton } from '../../components/ConfirmButton';
import { GamificationError } from '../../components/gamification/GamificationError';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

function ChallengeCard({
  challenge,
  onJoined,
}: {
  challenge: MemberChallenge;
  onJoined: (joined: MemberChallenge) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const progress = challenge.progress;
  const handleJoin = async () => {
    const joined = await joinChallenge(challenge.id);
    announce(t('gamification.challenges.joined', { title: challenge.title }));
    onJoined(joined);
  };
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{challenge.title}</h2>
      <p className="meta">
        <span>{t(`gamification.challengeStates.${challenge.state}`)}</span>
        <span>
          {t('gamification.challenges.window', {
            from: format.dateTime(challenge.startsAt),
            to: format.dateTime(challenge.endsAt),
          })}
        </span>
        {challenge.prizePoints !== null ? (
          <span>
            {t('gamification.challenges.prize', { points: format.number(challenge.prizePoints) })}
          </span>
        ) : null}
      </p>
      {challenge.description ? <p>{challenge.description}</p> : null}
      {challenge.disclosure?.required ? (
        <div
          className="notice disclosure-notice"
          role="note"
          aria-label={t('gamification.challenges.disclosureLabel')}
        >
          <p className="alert-title">{t('gamification.challenges.disclosureTitle')}</p>
          <p>{challenge.disclosure.reminder}</p>
        </div>
      ) : null}
      <ol className="step-list" aria-label={t('gamification.challenges.steps')}>
        {challenge.steps.map((step) => {
          const done = progress.steps.find((item) => item.stepId === step.id);
          const count = done?.done ?? 0;
          const required = done?.required ?? step.requiredCount;
          return (
            <li key={step.id} className="progress">
              <span>
                {step.title} ({t(`gamification.stepKinds.${step.kind}`)})
              </span>
              <progress
                max={required}
                value={Math.min(count, required)}
                aria-label={t('gamification.challenges.stepProgress', { title: step.title })}
              />
              <span className="muted small">
                {done?.complete
                  ? t('gamification.challenges.stepDone')
                  : t('gamification.challenges.stepCount', {
                      done: format.number(count),
                      required: format.number(required),
                    })}
              </span>
            </li>
          );
        })}
      </ol>
      {progress.completedAt ? (
        <p>
          <strong>
            {t('gamification.challenges.completed', {
              date: format.date(progress.completedAt),
            })}
          </strong>
        </p>
      ) : progress.joined ? (
        <>
          <p className="muted">{t('gamification.challenges.youJoined')}</p>
          {challenge.state === 'running' ? (
            <details>
              <summary>{t('content.challenge.submit', { title: challenge.title })}</summary>
              <SubmitContentForm challengeId={challenge.id} onSubmitted={() => undefined} />
            </details>
          ) : null}
        </>
      ) : (
        <ConfirmButton
          label={t('gamification.challenges.join')}
          question={
            challenge.disclosure?.required
              ? t('gamification.challenges.joinQuestionPrize', {
                  reminder: challenge.disclosure.reminder,
                })
              : t('gamification.challenges.joinQuestion')
          }
          confirmLabel={t('gamification.challenges.joinYes')}
          run={handleJoin}
        />
      )}
    </article>
  );
}

/** Challenges open to the member, with their progress per step and the disclosure reminder. */
export function ChallengesPage() {
  const { t } = useTranslation();
  const challenges = useOpenChallenges();
  const handleJoined = (joined: MemberChallenge) =>
    challenges.setItems((items) => items.map((item) => (item.id === joined.id ? joined : item)));
  return (
    <>
      <PageTitle title={t('gamification.challenges.title')} />
      <div className="page-head">
        <h1>{t('gamification.challenges.title')}</h1>
        <ProgramNav />
      </div>
      {challenges.loading ? <Loading /> : null}
      {challenges.items.length === 0 ? (
        <GamificationError error={challenges.error} onRetry={challenges.reload} />
      ) : null}
      {!challenges.loading && !challenges.error && challenges.items.length === 0 ? (
        <p className="muted">{t('gamification.challenges.empty')}</p>
      ) : null}
      <div className="stack">
        {challenges.items.map((challenge) => (
          <ChallengeCard key={challenge.id} challenge={challenge} onJoined={handleJoined} />
        ))}
      </div>
      <LoadMore paged={challenges} />
    </>
  );
}
