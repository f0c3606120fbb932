import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MANAGER_MOVES,
  moveMember,
  needsReason,
  type Place,
  type State,
  STATES,
  usePipeline,
  usePlace,
} from '../../api/ambassadors';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';
import { useAction } from './useAction';

function History({ placeId }: { placeId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const place = usePlace(placeId);
  if (place.loading) {
    return <Loading />;
  }
  if (place.error || !place.data) {
    return <AmbassadorError error={place.error} onRetry={place.reload} />;
  }
  return (
    <ol className="compact-list" aria-label={t('ambassadors.pipeline.history')}>
      {place.data.transitions.map((move) => (
        <li key={move.id}>
          {t('ambassadors.pipeline.historyLine', {
            from: move.fromState
              ? t(`ambassadors.states.${move.fromState}`)
              : t('ambassadors.pipeline.outside'),
            to: t(`ambassadors.states.${move.toState}`),
            actor: t(`ambassadors.actors.${move.actorKind}`),
            date: format.dateTime(move.at),
          })}
          {move.reason ? ` — ${move.reason}` : null}
        </li>
      ))}
    </ol>
  );
}

function PlaceCard({ place, onMoved }: { place: Place; onMoved: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  const [asking, setAsking] = useState<State | null>(null);
  const [reason, setReason] = useState('');
  const [showHistory, setShowHistory] = useState(false);

  const doMove = (to: State, why?: string) =>
    void action
      .run(() => moveMember(place.id, to, why))
      .then((done) => {
        if (done) {
          announce(
            t('ambassadors.pipeline.moved', {
              name: place.displayName,
              state: t(`ambassadors.states.${to}`),
            }),
          );
          setAsking(null);
          setReason('');
          onMoved();
        }
      });

  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h4 id={`${id}-name`}>{place.displayName}</h4>
      <p className="meta">
        <span>@{place.username}</span>
        <span>{t(`ambassadors.sources.${place.source}`)}</span>
        <span>{t('ambassadors.me.since', { date: format.date(place.stateChangedAt) })}</span>
      </p>
      {place.applicationMessage ? <p className="quote">{place.applicationMessage}</p> : null}
      <div className="actions">
        {MANAGER_MOVES[place.state].map((to) => (
          <button
            key={to}
            type="button"
            className="button"
            disabled={action.pending}
            aria-expanded={needsReason(place.state, to) ? asking === to : undefined}
            onClick={() => {
              if (needsReason(place.state, to)) {
                setAsking(asking === to ? null : to);
              } else {
                doMove(to);
              }
            }}
          >
            {t(`ambassadors.pipeline.moves.${to}`)}
          </button>
        ))}
        <button
          type="button"
          className="link-button"
          aria-expanded={showHistory}
          onClick={() => setShowHistory(!showHistory)}
        >
          {t('ambassadors.pipeline.showHistory')}
        </button>
      </div>
      {asking ? (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            doMove(asking, reason.trim());
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('ambassadors.pipeline.reason')}</label>
            <input
              id={`${id}-reason`}
              maxLength={500}
              required
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <div className="actions">
            <button
              type="submit"
              className="button primary"
              disabled={action.pending || reason.trim() === ''}
            >
              {t('ambassadors.pipeline.confirmMove', {
                state: t(`ambassadors.states.${asking}`),
              })}
            </button>
            <button type="button" className="button" onClick={() => setAsking(null)}>
              {t('actions.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <AmbassadorError error={action.error} />
      {showHistory ? <History key={place.stateChangedAt} placeId={place.id} /> : null}
    </article>
  );
}

function Column({
  programId,
  state,
  version,
  onMoved,
}: {
  programId: string;
  state: State;
  version: number;
  onMoved: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const column = usePipeline(programId, state, version);
  const count = column.counts[state] ?? column.items.length;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t('ambassadors.pipeline.column', { state: t(`ambassadors.states.${state}`), count })}
      </h3>
      {column.loading ? <Loading /> : null}
      <AmbassadorError error={column.error} onRetry={column.reload} />
      {!column.loading && !column.error && column.items.length === 0 ? (
        <p className="muted small">{t('ambassadors.pipeline.emptyColumn')}</p>
      ) : null}
      <div className="stack">
        {column.items.map((place) => (
          <PlaceCard key={place.id} place={place} onMoved={onMoved} />
        ))}
      </div>
      {column.nextCursor ? (
        <button
          type="button"
          className="button"
          disabled={column.loadingMore}
          onClick={column.loadMore}
        >
          {t('actions.loadMore')}
        </button>
      ) : null}
    </section>
  );
}

/** The pipeline as a board: one column per state with its count and its members' cards. */
export function PipelineBoard({
  programId,
  version,
  onMoved,
}: {
  programId: string;
  version: number;
  onMoved: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="page-section" aria-labelledby="pipeline-title">
      <h2 id="pipeline-title">{t('ambassadors.pipeline.title')}</h2>
      <div className="achievement-grid">
        {STATES.map((state) => (
          <Column
            key={state}
            programId={programId}
            state={state}
            version={version}
            onMoved={onMoved}
          />
        ))}
      </div>
    </section>
  );
}
