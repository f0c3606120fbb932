import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Notification } from '../api/types';
import { RelativeTime } from './RelativeTime';

interface NotificationItemProps {
  notification: Notification;
  onOpen: (notification: Notification) => void;
}

function targetOf(notification: Notification): string | null {
  const { post, commentId, actor, kind } = notification;
  if (kind === 'follow' && actor) {
    return `/u/${encodeURIComponent(actor.username)}`;
  }
  if (!post) {
    return null;
  }
  const anchor = commentId ? `#comment-${commentId}` : '';
  return `/p/${encodeURIComponent(post.id)}${anchor}`;
}

/** One notification as a sentence that links to where it happened. */
export function NotificationItem({ notification, onOpen }: NotificationItemProps) {
  const { t } = useTranslation();
  const unread = notification.readAt === null;
  const text = t(`notifications.kinds.${notification.kind}`, {
    actor: notification.actor?.displayName ?? t('common.someone'),
    title: notification.post?.title ?? t('notifications.deletedPost'),
  });
  const target = targetOf(notification);
  const handleClick = () => onOpen(notification);

  return (
    <article className={`card notification${unread ? ' unread' : ''}`}>
      <p>
        {unread ? <span className="badge badge-new">{t('notifications.new')}</span> : null}
        {target ? (
          <Link to={target} onClick={handleClick}>
            {text}
          </Link>
        ) : (
          <span>{text}</span>
        )}
      </p>
      <p className="meta">
        <RelativeTime value={notification.createdAt} />
      </p>
    </article>
  );
}
