import { apiDelete, apiPatch, apiPost, apiPut, seg } from './client';
import { setFollowing } from './follow';
import type { Post, ReactionState } from './types';
import { type Resource, useResource } from './useResource';

export interface PostInput {
  title: string;
  body: string;
  tags: string[];
  /** "Contains paid or sponsored content"; left out on an edit, the stored value stays. */
  paidDeclared?: boolean;
}

export function usePost(id: string): Resource<Post> {
  return useResource<Post>(`/posts/${seg(id)}`);
}

export function createPost(spaceSlug: string, input: PostInput): Promise<Post> {
  return apiPost<Post>(`/spaces/${seg(spaceSlug)}/posts`, input);
}

export function updatePost(id: string, input: PostInput): Promise<Post> {
  return apiPatch<Post>(`/posts/${seg(id)}`, input);
}

export function deletePost(id: string): Promise<void> {
  return apiDelete(`/posts/${seg(id)}`);
}

export function setPostReaction(id: string, kind: string, on: boolean): Promise<ReactionState> {
  const path = `/posts/${seg(id)}/reactions/${seg(kind)}`;
  return on ? apiPut<ReactionState>(path) : apiDelete<ReactionState>(path);
}

/** Marks `commentId` as the accepted answer, or clears it when null. */
export function setAcceptedAnswer(postId: string, commentId: string | null): Promise<Post> {
  const path = `/posts/${seg(postId)}/accepted-answer`;
  return commentId === null ? apiDelete<Post>(path) : apiPut<Post>(path, { commentId });
}

export function followPost(id: string, following: boolean): Promise<void> {
  return setFollowing(`/posts/${seg(id)}/follow`, following);
}
