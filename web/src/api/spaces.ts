import { seg } from './client';
import { setFollowing } from './follow';
import type { PostSummary, Space } from './types';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

export function useSpaces(): Resource<{ items: Space[] }> {
  return useResource<{ items: Space[] }>('/spaces');
}

export function useSpace(slug: string): Resource<Space> {
  return useResource<Space>(`/spaces/${seg(slug)}`);
}

/** The space's posts, newest first. */
export function useSpaceFeed(slug: string): Paged<PostSummary> {
  return usePaged<PostSummary>(`/spaces/${seg(slug)}/posts`);
}

export function followSpace(slug: string, following: boolean): Promise<void> {
  return setFollowing(`/spaces/${seg(slug)}/follow`, following);
}
