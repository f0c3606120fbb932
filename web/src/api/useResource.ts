import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiGet, isAbortError } from './client';

export interface Resource<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (update: T | ((previous: T | null) => T | null)) => void;
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown_error', String(error));
}

/** Fetches `GET path` (relative to /api/v1); a null path fetches nothing. */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const lastPath = useRef(path);

  useEffect(() => {
    // A different resource: drop the old one rather than show it while the new one loads.
    if (lastPath.current !== path) {
      lastPath.current = path;
      setData(null);
    }
    if (path === null) {
      setData(null);
      setLoading(false);
      return undefined;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    apiGet<T>(path, controller.signal)
      .then((value) => {
        setData(value);
        setLoading(false);
      })
      .catch((caught: unknown) => {
        if (isAbortError(caught)) {
          return;
        }
        setData(null);
        setError(toApiError(caught));
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload, setData };
}
