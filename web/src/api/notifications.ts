import { useCallback, useEffect } from 'react';
import { apiGet, apiPost } from './client';
import { createStore, useStore } from './store';
import type { Notification, NotificationPage } from './types';
import { type Paged, usePaged } from './usePaged';

const unreadStore = createStore<number>(0);

export function useUnreadCount(): number {
  return useStore(unreadStore);
}

export function resetUnreadCount(): void {
  unreadStore.set(0);
}

/** Reads the unread count (one notification is the smallest page). */
export async function refreshUnreadCount(): Promise<void> {
  const page = await apiGet<NotificationPage>('/notifications?limit=1');
  unreadStore.set(page.unreadCount);
}

/** Marks the given notifications read, or all of them when `ids` is left out. */
export async function markNotificationsRead(ids?: string[]): Promise<number> {
  const answer = await apiPost<{ unreadCount: number }>('/notifications/read', ids ? { ids } : {});
  unreadStore.set(answer.unreadCount);
  return answer.unreadCount;
}

export function useNotifications(enabled: boolean): Paged<Notification> {
  const handlePage = useCallback((page: NotificationPage) => {
    unreadStore.set(page.unreadCount);
  }, []);
  return usePaged<Notification, NotificationPage>(enabled ? '/notifications' : null, handlePage);
}

const POLL_MS = 60_000;

/**
 * Keeps the header's unread count fresh for a signed-in member: on sign-in, on every page
 * change (`key`) and once a minute while the tab is visible.
 */
export function useUnreadPolling(signedIn: boolean, key: string): void {
  useEffect(() => {
    if (!signedIn) {
      resetUnreadCount();
      return undefined;
    }
    const refresh = () => {
      if (document.visibilityState === 'visible') {
        refreshUnreadCount().catch(() => undefined);
      }
    };
    refresh();
    const timer = window.setInterval(refresh, POLL_MS);
    return () => window.clearInterval(timer);
  }, [signedIn, key]);
}
