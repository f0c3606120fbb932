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
import { inviteMembers, type InviteResult } from '../../api/ambassadorWork';
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

interface Selection {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

function PlaceCard({
  place,
  onMoved,
  selection,
}: {
  place: Place;
  onMoved: () => void;
  selection?: Selection;
}) {
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
      <div className="head-row">
        <h4 id={`${id}-name`}>{place.displayName}</h4>
        {selection ? (
          <label className="checkbox-field">
            <input
              type="checkbox"
              checked={selection.checked}
              onChange={(event) => selection.onChange(event.target.checked)}
            />
            <span className="visually-hidden">
              {t('ambassadors.invite.choose', { name: place.displayName })}
            </span>
          </label>
        ) : null}
      </div>
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
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<InviteResult | null>(null);
  const [skippedNames, setSkippedNames] = useState<ReadonlyMap<string, string>>(new Map());
  const invite = useAction();
  const selectable = state === 'identified';
  const names = new Map(column.items.map((place) => [place.id, place.displayName]));
  const shownChosen = [...chosen].filter((placeId) => names.has(placeId));
  const toggle = (placeId: string, checked: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (checked) {
        next.add(placeId);
      } else {
        next.delete(placeId);
      }
      return next;
    });
  const handleInvite = () =>
    void invite.run(async () => {
      const done = await inviteMembers(programId, shownChosen);
      setSkippedNames(names);
      setResult(done);
      setChosen(new Set());
      announce(
        t('ambassadors.invite.result', {
          invited: done.invited.length,
          skipped: done.skipped.length,
        }),
      );
      onMoved();
    });
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
      {selectable && column.items.length > 0 ? (
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={invite.pending || shownChosen.length === 0}
            onClick={handleInvite}
          >
            {t('ambassadors.invite.button', { count: shownChosen.length })}
          </button>
        </div>
      ) : null}
      {selectable ? <AmbassadorError error={invite.error} /> : null}
      {result ? (
        <section className="notice" aria-labelledby={`${id}-invited`}>
          <h4 id={`${id}-invited`}>{t('ambassadors.invite.resultTitle')}</h4>
          <p>
            {t('ambassadors.invite.result', {
              invited: result.invited.length,
              skipped: result.skipped.length,
            })}
          </p>
          {result.skipped.length > 0 ? (
            <ul className="compact-list" aria-label={t('ambassadors.invite.skipped')}>
              {result.skipped.map((skip) => (
                <li key={skip.ambassadorId}>
                  {t('ambassadors.invite.skippedLine', {
                    name: skippedNames.get(skip.ambassadorId) ?? skip.ambassadorId,
                    reason: skip.reason,
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      <div className="stack">
        {column.items.map((place) => (
          <PlaceCard
            key={place.id}
            place={place}
            onMoved={onMoved}
            selection={
              selectable
                ? {
                    checked: chosen.has(place.id),
                    onChange: (checked) => toggle(place.id, checked),
                  }
                : undefined
            }
          />
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
