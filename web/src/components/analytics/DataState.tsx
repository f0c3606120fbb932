/**
 * The loading, error and empty states of one dashboard section: "Loading…" until the first
 * answer (later reads keep the figures shown), the API's error with "Try again", or the note
 * that the period holds nothing yet.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Resource } from '../../api/useResource';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';

interface DataStateProps<T> {
  resource: Resource<T>;
  /** True when the answer holds nothing to show. */
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}

export function DataState<T>({ resource, isEmpty, children }: DataStateProps<T>) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = resource;
  if (error) {
    return <ErrorAlert error={error} onRetry={reload} />;
  }
  if (!data) {
    return loading ? <Loading /> : null;
  }
  if (isEmpty?.(data)) {
    return <p className="muted">{t('analytics.common.empty')}</p>;
  }
  return <>{children(data)}</>;
}
