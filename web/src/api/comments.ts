import { apiDelete, apiPatch, apiPost, apiPut, seg } from './client';
import type { Comment, ReactionState } from './types';
import { type Paged, usePaged } from './usePaged';

/** The post's comments, oldest first. */
export function useComments(postId: string): Paged<Comment> {
  return usePaged<Comment>(`/posts/${seg(postId)}/comments?limit=50`);
}

export function createComment(
  postId: string,
  body: string,
  parentId: string | null,
): Promise<Comment> {
  const input = parentId === null ? { body } : { body, parentId };
  return apiPost<Comment>(`/posts/${seg(postId)}/comments`, input);
}

export function updateComment(id: string, body: string): Promise<Comment> {
  return apiPatch<Comment>(`/comments/${seg(id)}`, { body });
}

export function deleteComment(id: string): Promise<void> {
  return apiDelete(`/comments/${seg(id)}`);
}

export function setCommentReaction(id: string, kind: string, on: boolean): Promise<ReactionState> {
  const path = `/comments/${seg(id)}/reactions/${seg(kind)}`;
  return on ? apiPut<ReactionState>(path) : apiDelete<ReactionState>(path);
}
