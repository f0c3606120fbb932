import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, apiGet, isAbortError, withQuery } from './client';
import type { Page } from './types';
import { toApiError } from './useResource';

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
  /** True while the first page loads. */
  loading: boolean;
  /** True while a further page loads. */
  loadingMore: boolean;
  error: ApiError | null;
  loadMore: () => void;
  reload: () => void;
  setItems: (update: (items: T[]) => T[]) => void;
}

function joinCursor(path: string, cursor: string): string {
  const separator = path.includes('?') ? '&' : '?';
  return `${path}${separator}${withQuery('', { cursor }).slice(1)}`;
}

function mergeById<T extends { id: string }>(current: T[], incoming: T[]): T[] {
  const known = new Set(current.map((item) => item.id));
  return [...current, ...incoming.filter((item) => !known.has(item.id))];
}

/**
 * Reads a keyset-paginated list (`{ items, nextCursor }`); `loadMore` appends the next page.
 * `onPage` sees every page answer (for extra fields such as `unreadCount`).
 */
export function usePaged<T extends { id: string }, P extends Page<T> = Page<T>>(
  path: string | null,
  onPage?: (page: P) => void,
): Paged<T> {
  const [items, setItemsState] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const onPageRef = useRef(onPage);
  useEffect(() => {
    onPageRef.current = onPage;
  }, [onPage]);
  const moreController = useRef<AbortController | null>(null);

  useEffect(() => {
    setItemsState([]);
    setNextCursor(null);
    setError(null);
    if (path === null) {
      setLoading(false);
      return undefined;
    }
    const controller = new AbortController();
    setLoading(true);
    apiGet<P>(path, controller.signal)
      .then((page) => {
        setItemsState(page.items);
        setNextCursor(page.nextCursor);
        setLoading(false);
        onPageRef.current?.(page);
      })
      .catch((caught: unknown) => {
        if (!isAbortError(caught)) {
          setError(toApiError(caught));
          setLoading(false);
        }
      });
    return () => {
      controller.abort();
      moreController.current?.abort();
    };
  }, [path, generation]);

  const loadMore = useCallback(() => {
    if (path === null || nextCursor === null || loadingMore) {
      return;
    }
    const controller = new AbortController();
    moreController.current = controller;
    setLoadingMore(true);
    setError(null);
    apiGet<P>(joinCursor(path, nextCursor), controller.signal)
      .then((page) => {
        setItemsState((current) => mergeById(current, page.items));
        setNextCursor(page.nextCursor);
        setLoadingMore(false);
        onPageRef.current?.(page);
      })
      .catch((caught: unknown) => {
        if (!isAbortError(caught)) {
          setError(toApiError(caught));
          setLoadingMore(false);
        }
      });
  }, [path, nextCursor, loadingMore]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setItems = useCallback((update: (items: T[]) => T[]) => setItemsState(update), []);

  return { items, nextCursor, loading, loadingMore, error, loadMore, reload, setItems };
}
