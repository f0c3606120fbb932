import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/client';
import {
  type Board,
  BOARDS,
  type Period,
  PERIODS,
  setLeaderboardOptOut,
  useLeaderboard,
  useLeaderboardPreferences,
} from '../../api/gamification';
import { useSession } from '../../api/session';
import { useSpaces } from '../../api/spaces';
import { toApiError } from '../../api/useResource';
import { announce } from '../../components/announcer';
import { GamificationError } from '../../components/gamification/GamificationError';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((item) => item === value) ?? fallback;
}

/** The opt-out toggle: a button whose pressed state says whether the member is hidden. */
function OptOutToggle({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const preferences = useLeaderboardPreferences();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const optedOut = preferences.data?.optedOut ?? false;
  const handleToggle = async () => {
    setPending(true);
    setError(null);
    try {
      const saved = await setLeaderboardOptOut(!optedOut);
      preferences.setData(saved);
      announce(
        saved.optedOut ? t('gamification.boards.nowHidden') : t('gamification.boards.nowShown'),
      );
      onChanged();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="stack">
      <GamificationError error={preferences.error} onRetry={preferences.reload} />
      {preferences.data ? (
        <button
          type="button"
          className="button toggle"
          aria-pressed={optedOut}
          disabled={pending}
          onClick={() => void handleToggle()}
        >
          <span className="toggle-mark" aria-hidden="true">
            {optedOut ? '✓ ' : ''}
          </span>
          {t('gamification.boards.hideMe')}
        </button>
      ) : null}
      <GamificationError error={error} />
    </div>
  );
}

/**
 * Leaderboards: the points, rising and reputation boards for a period, of the whole community,
 * one space or one segment; the member's own rank; and the member's opt-out.
 */
export function LeaderboardsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const board = pick<Board>(params.get('board'), BOARDS, 'points');
  const period = pick<Period>(params.get('period'), PERIODS, 'all');
  const spaceId = params.get('space') ?? '';
  const [segment, setSegment] = useState(params.get('segment') ?? '');
  const spaces = useSpaces();
  const result = useLeaderboard({ board, period, spaceId, segment: params.get('segment') ?? '' });
  const data = result.data;

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(key, value);
    } else {
      next.delete(key);
    }
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageTitle title={t('gamification.boards.title')} />
      <div className="page-head">
        <h1>{t('gamification.boards.title')}</h1>
        <ProgramNav />
      </div>
      <form
        className="filter-bar"
        aria-label={t('gamification.boards.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setParam('segment', segment.trim());
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-board`}>{t('gamification.boards.board')}</label>
          <select
            id={`${id}-board`}
            value={board}
            onChange={(event) => setParam('board', event.target.value)}
          >
            {BOARDS.map((item) => (
              <option key={item} value={item}>
                {t(`gamification.boards.boards.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('gamification.boards.period')}</label>
          <select
            id={`${id}-period`}
            value={period}
            onChange={(event) => setParam('period', event.target.value)}
          >
            {PERIODS.map((item) => (
              <option key={item} value={item}>
                {t(`gamification.boards.periods.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-space`}>{t('gamification.boards.space')}</label>
          <select
            id={`${id}-space`}
            value={spaceId}
            onChange={(event) => setParam('space', event.target.value)}
          >
            <option value="">{t('gamification.boards.allSpaces')}</option>
            {(spaces.data?.items ?? []).map((space) => (
              <option key={space.id} value={space.id}>
                {space.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-segment`}>{t('gamification.boards.segment')}</label>
          <input
            id={`${id}-segment`}
            type="text"
            value={segment}
            aria-describedby={`${id}-segment-hint`}
            onChange={(event) => setSegment(event.target.value)}
          />
          <p id={`${id}-segment-hint`} className="hint">
            {t('gamification.boards.segmentHint')}
          </p>
        </div>
        <button type="submit" className="button">
          {t('gamification.boards.apply')}
        </button>
      </form>
      {result.loading && !data ? <Loading /> : null}
      <GamificationError error={result.error} onRetry={result.reload} />
      {data ? (
        <>
          <section className="card page-section" aria-labelledby={`${id}-me`}>
            <h2 id={`${id}-me`}>{t('gamification.boards.myRank')}</h2>
            {data.me?.rank != null ? (
              <p className="lead">
                {t('gamification.boards.rankIs', {
                  rank: format.number(data.me.rank),
                  points: format.number(data.me.points),
                })}
              </p>
            ) : (
              <p>{data.me?.note ?? t('gamification.boards.notRanked')}</p>
            )}
            {user ? <OptOutToggle onChanged={result.reload} /> : null}
          </section>
          {data.items.length === 0 ? (
            <p className="muted">{t('gamification.boards.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>
                  {t(`gamification.boards.boards.${board}`)} —{' '}
                  {t(`gamification.boards.periods.${period}`)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('gamification.boards.rank')}</th>
                    <th scope="col">{t('gamification.boards.member')}</th>
                    <th scope="col">{t('gamification.boards.points')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((item) => (
                    <tr
                      key={item.member.id}
                      className={item.member.id === user?.id ? 'is-me' : undefined}
                    >
                      <td>{format.number(item.rank)}</td>
                      <td>
                        {item.member.displayName}{' '}
                        <span className="muted">@{item.member.username}</span>
                      </td>
                      <td>{format.number(Math.round(item.points))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="muted small">
            {t('gamification.boards.freshness', { time: format.dateTime(data.freshness.foldedAt) })}
          </p>
        </>
      ) : null}
    </>
  );
}
