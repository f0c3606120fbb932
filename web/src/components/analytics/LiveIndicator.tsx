/**
 * Says whether the figures follow changes as they happen: "Live" while the stream is open,
 * "Connecting…" while it (re)connects, "Refreshed every 15 seconds" when it is down; and when
 * the figures were last read again because of a change.
 */
import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { FALLBACK_POLL_MS, LiveContext } from '../../api/analytics';
import { useAnalyticsFormat } from './useAnalyticsFormat';

export function LiveIndicator() {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const live = useContext(LiveContext);
  const label =
    live.status === 'live'
      ? t('analytics.live.live')
      : live.status === 'connecting'
        ? t('analytics.live.connecting')
        : t('analytics.live.offline', { seconds: FALLBACK_POLL_MS / 1000 });
  return (
    <p className={`live-indicator live-${live.status}`}>
      <span className="live-dot" aria-hidden="true" />
      <span>{label}</span>
      {live.updatedAt ? (
        <span className="muted">
          {' · '}
          {t('analytics.live.updated', { time: af.time(live.updatedAt) })}
        </span>
      ) : null}
    </p>
  );
}
