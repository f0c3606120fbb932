import { seg } from './client';
import { setFollowing } from './follow';
import type { PostSummary, Profile } from './types';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

export function useProfile(username: string): Resource<Profile> {
  return useResource<Profile>(`/users/${seg(username)}`);
}

export function useUserPosts(username: string): Paged<PostSummary> {
  return usePaged<PostSummary>(`/users/${seg(username)}/posts`);
}

export function followMember(username: string, following: boolean): Promise<void> {
  return setFollowing(`/users/${seg(username)}/follow`, following);
}
