import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { markNotificationsRead, useNotifications, useUnreadCount } from '../api/notifications';
import type { Notification } from '../api/types';
import { toApiError } from '../api/useResource';
import { announce } from '../components/announcer';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { LoadMore } from '../components/LoadMore';
import { NotificationItem } from '../components/NotificationItem';
import { PageTitle } from '../components/PageTitle';
import { useFormat } from '../i18n/useFormat';

/** The member's notifications, newest first, with "Mark all read". */
export function NotificationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useNotifications(true);
  const unread = useUnreadCount();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const markLocally = (ids: string[] | null) => {
    const now = new Date().toISOString();
    list.setItems((items) =>
      items.map((item) =>
        item.readAt === null && (ids === null || ids.includes(item.id))
          ? { ...item, readAt: now }
          : item,
      ),
    );
  };

  const handleMarkAll = async () => {
    setPending(true);
    setError(null);
    try {
      await markNotificationsRead();
      markLocally(null);
      announce(t('notifications.allRead'));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const handleOpen = (notification: Notification) => {
    if (notification.readAt === null) {
      markLocally([notification.id]);
      markNotificationsRead([notification.id]).catch(() => undefined);
    }
  };

  return (
    <>
      <PageTitle title={t('notifications.title')} />
      <div className="page-head">
        <h1>{t('notifications.title')}</h1>
        <p className="meta">
          {t('notifications.unread', { count: unread, formatted: format.number(unread) })}
        </p>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={pending || unread === 0}
            onClick={() => void handleMarkAll()}
          >
            {t('notifications.markAllRead')}
          </button>
        </div>
        <ErrorAlert error={error} />
      </div>
      {list.loading ? <Loading /> : null}
      {list.items.length === 0 ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p>{t('notifications.empty')}</p>
      ) : null}
      <ol className="notification-list plain-list" aria-label={t('notifications.title')}>
        {list.items.map((notification) => (
          <li key={notification.id}>
            <NotificationItem notification={notification} onOpen={handleOpen} />
          </li>
        ))}
      </ol>
      <LoadMore paged={list} />
    </>
  );
}
