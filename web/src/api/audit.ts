// The audit log for admins (`/api/v1/admin/audit`): a filtered read, newest first, with
// "Load more"; exports of the same filter as CSV or NDJSON; the hash chain's verification.
// Shapes follow src/core/audit/audit.routes.ts.
import { useCallback, useEffect, useState } from 'react';
import { type ApiError, API_BASE, apiGet, isAbortError, withQuery } from './client';
import { toApiError } from './useResource';

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  personal: Record<string, unknown> | null;
  /** Personal parts blanked by retention or erasure; the entry still verifies. */
  blanked: boolean;
  hash: string;
}

export interface AuditFilter {
  /** An action, or a prefix ending in a dot (`users.`). */
  action: string;
  actorId: string;
  targetType: string;
  targetId: string;
  /** ISO times. */
  since: string;
  until: string;
}

export const NO_FILTER: AuditFilter = {
  action: '',
  actorId: '',
  targetType: '',
  targetId: '',
  since: '',
  until: '',
};

export interface ChainReport {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  blanked: number;
  problems: { seq: number; problem: string; message: string }[];
}

interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

export interface AuditLog {
  items: AuditEntry[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
  loadMore: () => void;
  reload: () => void;
}

const PATH = '/admin/audit';

/** The entries `filter` selects, newest first; `loadMore` appends the next page. */
export function useAuditLog(filter: AuditFilter): AuditLog {
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const path = withQuery(PATH, { ...filter, limit: 50 });

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    setItems([]);
    setNextCursor(null);
    apiGet<AuditPage>(path, controller.signal)
      .then((page) => {
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setLoading(false);
      })
      .catch((caught: unknown) => {
        if (!isAbortError(caught)) {
          setError(toApiError(caught));
          setLoading(false);
        }
      });
    return () => controller.abort();
  }, [path, generation]);

  const loadMore = useCallback(() => {
    if (nextCursor === null || loadingMore) {
      return;
    }
    setLoadingMore(true);
    setError(null);
    apiGet<AuditPage>(withQuery(PATH, { ...filter, limit: 50, cursor: nextCursor }))
      .then((page) => {
        // Entries are ordered by seq, so a page never repeats one already shown.
        setItems((current) => [...current, ...page.items]);
        setNextCursor(page.nextCursor);
        setLoadingMore(false);
      })
      .catch((caught: unknown) => {
        setError(toApiError(caught));
        setLoadingMore(false);
      });
  }, [filter, nextCursor, loadingMore]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { items, nextCursor, loading, loadingMore, error, loadMore, reload };
}

/** Recomputes the tenant's chain; with an anchor, also checks a head recorded earlier. */
export function verifyAuditChain(anchor?: { seq: number; hash: string }): Promise<ChainReport> {
  return apiGet<ChainReport>(
    withQuery(`${PATH}/verify`, { anchorSeq: anchor?.seq, anchorHash: anchor?.hash }),
  );
}

/** The download address of the entries `filter` selects, oldest first. */
export function auditExportUrl(filter: AuditFilter, format: 'csv' | 'ndjson'): string {
  return `${API_BASE}${withQuery(`${PATH}/export`, { ...filter, format })}`;
}
