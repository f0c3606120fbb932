import { useTranslation } from 'react-i18next';
import type { Paged } from '../api/usePaged';
import { ErrorAlert } from './ErrorAlert';

interface LoadMoreProps<T> {
  paged: Paged<T>;
  label?: string;
}

/** "Load more" under a paginated list; hidden once `nextCursor` is null. */
export function LoadMore<T>({ paged, label }: LoadMoreProps<T>) {
  const { t } = useTranslation();
  const handleClick = () => paged.loadMore();
  return (
    <div className="load-more">
      {paged.items.length > 0 && paged.error ? <ErrorAlert error={paged.error} /> : null}
      {paged.nextCursor !== null ? (
        <button
          type="button"
          className="button"
          onClick={handleClick}
          disabled={paged.loadingMore}
          aria-busy={paged.loadingMore}
        >
          {label ?? t('actions.loadMore')}
        </button>
      ) : null}
    </div>
  );
}
