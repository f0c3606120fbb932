import { withQuery } from './client';
import type { PostSummary } from './types';
import { type Paged, usePaged } from './usePaged';

/** Full-text search; nothing is fetched while the query is blank. */
export function useSearch(query: string, space: string): Paged<PostSummary> {
  const q = query.trim();
  return usePaged<PostSummary>(q ? withQuery('/search', { q, space }) : null);
}
