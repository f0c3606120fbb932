import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { MyContentSection } from '../../components/content/MyContentSection';
import {
  applyToProgram,
  type Explanation,
  MEMBER_MOVES,
  movePlace,
  type Place,
  requestReview,
  setOptOut,
  type State,
  useMyAmbassador,
} from '../../api/ambassadors';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { MyMissionsSection } from '../../components/ambassadors/MyMissionsSection';
import { MySurveysSection } from '../../components/ambassadors/MySurveysSection';
import { OnboardingChecklist } from '../../components/ambassadors/OnboardingChecklist';
import { FeatureTable, ReasonList, ScoreValue } from '../../components/ambassadors/ScoreDetails';
import { StateBadge } from '../../components/ambassadors/StateBadge';
import { useAction } from '../../components/ambassadors/useAction';
import { announce } from '../../components/announcer';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

/** The words of the button for a move a member may make on their place. */
function useMoveLabel() {
  const { t } = useTranslation();
  return (to: State): string => {
    switch (to) {
      case 'accepted':
        return t('ambassadors.me.accept');
      case 'declined':
        return t('ambassadors.me.decline');
      case 'paused':
        return t('ambassadors.me.pause');
      case 'active':
        return t('ambassadors.me.resume');
      case 'alumni':
        return t('ambassadors.me.leave');
      case 'applied':
      case 'identified':
      case 'invited':
      case 'onboarding':
        return t(`ambassadors.states.${to}`);
    }
  };
}

function PlaceCard({
  place,
  programName,
  onChanged,
}: {
  place: Place;
  programName: string;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  const moveLabel = useMoveLabel();
  const moves = MEMBER_MOVES[place.state];
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <div className="head-row">
        <h3 id={`${id}-name`}>{programName}</h3>
        <StateBadge state={place.state} />
      </div>
      <p className="meta">
        <span>{t('ambassadors.me.since', { date: format.dateTime(place.stateChangedAt) })}</span>
        {place.state === 'invited' && place.invitationExpiresAt ? (
          <span>
            {t('ambassadors.me.expires', { date: format.dateTime(place.invitationExpiresAt) })}
          </span>
        ) : null}
      </p>
      {moves.length > 0 ? (
        <div className="actions">
          {moves.map((to) => (
            <button
              key={to}
              type="button"
              className={to === 'accepted' || to === 'active' ? 'button primary' : 'button'}
              disabled={action.pending}
              onClick={() =>
                void action
                  .run(() => movePlace(place.id, to))
                  .then((done) => {
                    if (done) {
                      announce(t('ambassadors.me.moved', { state: t(`ambassadors.states.${to}`) }));
                      onChanged();
                    }
                  })
              }
            >
              {moveLabel(to)}
            </button>
          ))}
        </div>
      ) : null}
      <AmbassadorError error={action.error} />
      {place.state === 'onboarding' ? (
        <OnboardingChecklist placeId={place.id} onComplete={onChanged} />
      ) : null}
    </article>
  );
}

function ScoreCard({ score, onChanged }: { score: Explanation; onChanged: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [message, setMessage] = useState('');
  const reviewOpen = score.review?.status === 'open';
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <div className="head-row">
        <h3 id={`${id}-name`}>{score.programName}</h3>
        <p>
          {t('ambassadors.me.yourScore')} <ScoreValue score={score.score} />
        </p>
      </div>
      <ReasonList candidate={score} />
      <details>
        <summary>{t('ambassadors.me.why')}</summary>
        <FeatureTable explanation={score} showWeights={false} />
        <p className="hint">{score.contest}</p>
      </details>
      {score.review ? (
        <p className="notice">
          {score.review.status === 'open'
            ? t('ambassadors.me.reviewOpen')
            : t('ambassadors.me.reviewResolved', {
                outcome: t(
                  score.review.outcome === 'changed'
                    ? 'ambassadors.reviews.changed'
                    : 'ambassadors.reviews.upheld',
                ),
                response: score.review.response ?? '',
              })}
        </p>
      ) : null}
      {reviewOpen ? null : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void action
              .run(() => requestReview(score.programId, message.trim()))
              .then((done) => {
                if (done) {
                  setMessage('');
                  announce(t('ambassadors.me.reviewSent'));
                  onChanged();
                }
              });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-message`}>{t('ambassadors.me.reviewMessage')}</label>
            <textarea
              id={`${id}-message`}
              maxLength={2000}
              rows={3}
              value={message}
              onChange={(event) => setMessage(event.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={action.pending}>
              {t('ambassadors.me.requestReview')}
            </button>
          </div>
          <AmbassadorError error={action.error} />
        </form>
      )}
    </article>
  );
}

function ApplyCard({
  program,
  onApplied,
}: {
  program: { id: string; name: string; description: string };
  onApplied: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [message, setMessage] = useState('');
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{program.name}</h3>
      {program.description ? <p>{program.description}</p> : null}
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void action
            .run(() => applyToProgram(program.id, message.trim()))
            .then((done) => {
              if (done) {
                announce(t('ambassadors.me.applied', { program: program.name }));
                onApplied();
              }
            });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-message`}>{t('ambassadors.me.applyMessage')}</label>
          <textarea
            id={`${id}-message`}
            maxLength={2000}
            rows={3}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={action.pending}>
            {t('ambassadors.me.apply', { program: program.name })}
          </button>
        </div>
        <AmbassadorError error={action.error} />
      </form>
    </article>
  );
}

/**
 * The member's side of the ambassador program: their places with the moves they may make,
 * their scores with "Why this score?" and a request for a human review, opting out, and
 * programs open to apply.
 */
export function MyAmbassadorPage() {
  const { t } = useTranslation();
  const me = useMyAmbassador();
  const optOut = useAction();
  const data = me.data;
  const names = new Map<string, string>();
  for (const score of data?.scores ?? []) {
    names.set(score.programId, score.programName);
  }
  for (const program of data?.openPrograms ?? []) {
    names.set(program.id, program.name);
  }

  const handleOptOut = () => {
    if (!data) {
      return;
    }
    void optOut
      .run(() => setOptOut(!data.optedOut))
      .then((done) => {
        if (done) {
          announce(data.optedOut ? t('ambassadors.me.optedIn') : t('ambassadors.me.optedOut'));
          me.reload();
        }
      });
  };

  return (
    <>
      <PageTitle title={t('ambassadors.me.title')} />
      <div className="page-head">
        <h1>{t('ambassadors.me.title')}</h1>
        <p className="lead">{t('ambassadors.me.intro')}</p>
      </div>
      {me.loading && !data ? <Loading /> : null}
      <AmbassadorError error={me.error} onRetry={me.reload} />
      {data ? (
        <>
          <section className="page-section" aria-labelledby="ambassador-places">
            <h2 id="ambassador-places">{t('ambassadors.me.places')}</h2>
            {data.places.length === 0 ? (
              <p className="muted">{t('ambassadors.me.noPlaces')}</p>
            ) : (
              <div className="stack">
                {data.places.map((place) => (
                  <PlaceCard
                    key={place.id}
                    place={place}
                    programName={names.get(place.programId) ?? t('ambassadors.me.aProgram')}
                    onChanged={me.reload}
                  />
                ))}
              </div>
            )}
          </section>
          {data.places.length > 0 ? (
            <p>
              <Link to="/ambassador/contracts">{t('contracts.links.mine')}</Link>
            </p>
          ) : null}
          {data.places.some((place) => place.state === 'active' || place.state === 'paused') ? (
            <>
              <MyMissionsSection />
              <MyContentSection
                programs={data.places
                  .filter((place) => place.state === 'active' || place.state === 'paused')
                  .map((place) => ({
                    id: place.programId,
                    name: names.get(place.programId) ?? t('ambassadors.me.aProgram'),
                  }))}
              />
              <MySurveysSection />
            </>
          ) : null}
          <section className="page-section" aria-labelledby="ambassador-scores">
            <h2 id="ambassador-scores">{t('ambassadors.me.scores')}</h2>
            {data.scores.length === 0 ? (
              <p className="muted">
                {t('ambassadors.me.noScores')}{' '}
                <Link to="/settings/privacy">{t('privacy.title')}</Link>
              </p>
            ) : (
              <div className="stack">
                {data.scores.map((score) => (
                  <ScoreCard key={score.programId} score={score} onChanged={me.reload} />
                ))}
              </div>
            )}
          </section>
          <section className="page-section" aria-labelledby="ambassador-open">
            <h2 id="ambassador-open">{t('ambassadors.me.open')}</h2>
            {data.openPrograms.length === 0 ? (
              <p className="muted">{t('ambassadors.me.noOpen')}</p>
            ) : (
              <div className="stack">
                {data.openPrograms.map((program) => (
                  <ApplyCard key={program.id} program={program} onApplied={me.reload} />
                ))}
              </div>
            )}
          </section>
          <section className="page-section" aria-labelledby="ambassador-opt-out">
            <h2 id="ambassador-opt-out">{t('ambassadors.me.optOutTitle')}</h2>
            <p>
              {data.optedOut ? t('ambassadors.me.optedOutText') : t('ambassadors.me.optInText')}
            </p>
            <div className="actions">
              <button
                type="button"
                className="button"
                aria-pressed={data.optedOut}
                disabled={optOut.pending}
                onClick={handleOptOut}
              >
                {t('ambassadors.me.optOut')}
              </button>
            </div>
            <AmbassadorError error={optOut.error} />
          </section>
        </>
      ) : null}
    </>
  );
}
