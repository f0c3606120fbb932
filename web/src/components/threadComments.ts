import type { Comment } from '../api/types';

export interface CommentThread {
  root: Comment;
  replies: Comment[];
}

/**
 * Groups comments one level deep: each reply goes under its top-level ancestor. Order is kept
 * (oldest first); a reply whose parent is not loaded is shown as a top-level comment.
 */
export function threadComments(comments: readonly Comment[]): CommentThread[] {
  const byId = new Map(comments.map((comment) => [comment.id, comment]));
  const rootOf = (comment: Comment): Comment => {
    let current = comment;
    const seen = new Set<string>();
    while (current.parentId !== null && !seen.has(current.id)) {
      seen.add(current.id);
      const parent = byId.get(current.parentId);
      if (!parent) {
        break;
      }
      current = parent;
    }
    return current;
  };

  const threads = new Map<string, CommentThread>();
  for (const comment of comments) {
    const root = rootOf(comment);
    if (root.id === comment.id) {
      threads.set(comment.id, { root: comment, replies: threads.get(comment.id)?.replies ?? [] });
    } else {
      const thread = threads.get(root.id) ?? { root, replies: [] };
      thread.replies.push(comment);
      threads.set(root.id, thread);
    }
  }
  return [...threads.values()];
}
