import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type LedgerEntry,
  useMyBadges,
  useMyEntries,
  useMyLevel,
  useMyPoints,
  useMyStreak,
} from '../../api/gamification';
import { GamificationError } from '../../components/gamification/GamificationError';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { LoyaltyEnrolment } from '../../components/privacy/LoyaltyEnrolment';
import { useFormat } from '../../i18n/useFormat';

function EntryRow({ entry }: { entry: LedgerEntry }) {
  const { t } = useTranslation();
  const format = useFormat();
  const signed = `${entry.amount > 0 ? '+' : ''}${format.number(entry.amount)}`;
  return (
    <tr>
      <td>{format.dateTime(entry.createdAt)}</td>
      <td className="points-amount">{signed}</td>
      <td>
        {entry.reason}
        {entry.bucket === 'pending' && entry.availableAt ? (
          <span className="muted small">
            {' '}
            {t('gamification.points.pendingUntil', { date: format.date(entry.availableAt) })}
          </span>
        ) : null}
      </td>
      <td>{t(`gamification.entryKinds.${entry.kind}`)}</td>
    </tr>
  );
}

/** What the member's streak, level with privileges and badges say. */
function Achievements({ headingId }: { headingId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const level = useMyLevel();
  const streak = useMyStreak();
  const badges = useMyBadges();
  return (
    <section className="page-section card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('gamification.points.achievements')}</h2>
      <div className="achievement-grid">
        <div>
          <h3>{t('gamification.points.level')}</h3>
          {level.loading && !level.data ? <Loading /> : null}
          <GamificationError error={level.error} onRetry={level.reload} />
          {level.data ? (
            <>
              <p className="lead">
                {level.data.level
                  ? t('gamification.points.levelName', {
                      number: level.data.level.number,
                      name: level.data.level.name,
                    })
                  : t('gamification.points.noLevel')}
              </p>
              {level.data.next ? (
                <p className="muted">
                  {t('gamification.points.nextLevel', {
                    name: level.data.next.name,
                    points: format.number(level.data.next.pointsToGo),
                  })}
                </p>
              ) : null}
              <h4>{t('gamification.points.privileges')}</h4>
              {level.data.privileges.length > 0 ? (
                <ul aria-label={t('gamification.points.privileges')}>
                  {level.data.privileges.map((privilege) => (
                    <li key={privilege}>
                      <code>{privilege}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t('gamification.points.noPrivileges')}</p>
              )}
            </>
          ) : null}
        </div>
        <div>
          <h3>{t('gamification.points.streak')}</h3>
          {streak.loading && !streak.data ? <Loading /> : null}
          <GamificationError error={streak.error} onRetry={streak.reload} />
          {streak.data ? (
            <>
              <p className="lead">
                {t('gamification.points.streakDays', {
                  count: streak.data.current,
                  formatted: format.number(streak.data.current),
                })}
              </p>
              <p className="muted">
                {t('gamification.points.longestStreak', {
                  count: streak.data.longest,
                  formatted: format.number(streak.data.longest),
                })}
              </p>
              <p>
                {streak.data.activeToday
                  ? t('gamification.points.activeToday')
                  : t('gamification.points.notActiveToday')}
              </p>
            </>
          ) : null}
        </div>
        <div>
          <h3>{t('gamification.points.badges')}</h3>
          {badges.loading ? <Loading /> : null}
          <GamificationError error={badges.error} onRetry={badges.reload} />
          {!badges.loading && !badges.error && badges.items.length === 0 ? (
            <p className="muted">{t('gamification.points.noBadges')}</p>
          ) : null}
          {badges.items.length > 0 ? (
            <ul className="plain-list" aria-label={t('gamification.points.badges')}>
              {badges.items.map((held) => (
                <li key={held.id}>
                  <span className={`badge tier-${held.tier}`}>
                    {t(`gamification.tiers.${held.tier}`)}
                  </span>{' '}
                  <strong>{held.badge.name}</strong>
                  {held.badge.description ? (
                    <span className="muted small"> — {held.badge.description}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <LoadMore paged={badges} />
        </div>
      </div>
    </section>
  );
}

/**
 * The member's points: spendable, pending and lifetime balances, what expires next, what
 * becomes spendable when, level and privileges, streak, badges, and the history page by page.
 */
export function MyPointsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const points = useMyPoints();
  const entries = useMyEntries();
  const summary = points.data;
  const nextExpiry = summary?.expiring[0] ?? null;

  return (
    <>
      <PageTitle title={t('gamification.points.title')} />
      <div className="page-head">
        <h1>{t('gamification.points.title')}</h1>
        <ProgramNav />
      </div>
      <LoyaltyEnrolment />
      <section className="page-section card" aria-labelledby={`${id}-balances`}>
        <h2 id={`${id}-balances`}>{t('gamification.points.balances')}</h2>
        {points.loading && !summary ? <Loading /> : null}
        <GamificationError error={points.error} onRetry={points.reload} />
        {summary ? (
          <>
            <dl className="figures points-figures">
              <div>
                <dt>{t('gamification.points.spendable')}</dt>
                <dd>{format.number(summary.balances.spendable)}</dd>
              </div>
              <div>
                <dt>{t('gamification.points.pending')}</dt>
                <dd>{format.number(summary.balances.pending)}</dd>
              </div>
              <div>
                <dt>{t('gamification.points.lifetime')}</dt>
                <dd>{format.number(summary.balances.lifetime)}</dd>
              </div>
            </dl>
            <p>
              {nextExpiry
                ? t('gamification.points.expiresNext', {
                    points: format.number(nextExpiry.points),
                    date: format.date(nextExpiry.expiresAt),
                  })
                : t('gamification.points.nothingExpires')}
            </p>
            {summary.expiring.length > 1 ? (
              <ul className="compact-list" aria-label={t('gamification.points.laterExpiries')}>
                {summary.expiring.slice(1).map((lot) => (
                  <li key={`${lot.expiresAt}-${lot.points}`}>
                    {t('gamification.points.expiresOn', {
                      points: format.number(lot.points),
                      date: format.date(lot.expiresAt),
                    })}
                  </li>
                ))}
              </ul>
            ) : null}
            {summary.releases.length > 0 ? (
              <ul className="compact-list" aria-label={t('gamification.points.releases')}>
                {summary.releases.map((release) => (
                  <li key={`${release.availableAt}-${release.points}`}>
                    {t('gamification.points.releaseOn', {
                      points: format.number(release.points),
                      date: format.date(release.availableAt),
                    })}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </section>
      <Achievements headingId={`${id}-achievements`} />
      <section className="page-section" aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`}>{t('gamification.points.history')}</h2>
        {entries.loading ? <Loading /> : null}
        {entries.items.length === 0 ? (
          <GamificationError error={entries.error} onRetry={entries.reload} />
        ) : null}
        {!entries.loading && !entries.error && entries.items.length === 0 ? (
          <p className="muted">{t('gamification.points.noHistory')}</p>
        ) : null}
        {entries.items.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('gamification.points.history')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gamification.points.when')}</th>
                  <th scope="col">{t('gamification.points.change')}</th>
                  <th scope="col">{t('gamification.points.reason')}</th>
                  <th scope="col">{t('gamification.points.kind')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.items.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <LoadMore paged={entries} label={t('gamification.points.moreHistory')} />
      </section>
    </>
  );
}
