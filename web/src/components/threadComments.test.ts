import { describe, expect, it } from 'vitest';
import type { Comment } from '../api/types';
import { threadComments } from './threadComments';

function comment(id: string, parentId: string | null = null): Comment {
  return {
    id,
    postId: 'p1',
    parentId,
    author: null,
    bodyHtml: `<p>${id}</p>`,
    createdAt: '2025-01-01T00:00:00Z',
    editedAt: null,
    deleted: false,
    reactions: {},
    myReactions: [],
    accepted: false,
    canEdit: false,
  };
}

const ids = (list: Comment[]) => list.map((item) => item.id);

describe('threadComments', () => {
  it('puts replies under their parent, in order', () => {
    const threads = threadComments([
      comment('a'),
      comment('b'),
      comment('a1', 'a'),
      comment('b1', 'b'),
      comment('a2', 'a'),
    ]);
    expect(threads.map((thread) => thread.root.id)).toEqual(['a', 'b']);
    expect(ids(threads[0].replies)).toEqual(['a1', 'a2']);
    expect(ids(threads[1].replies)).toEqual(['b1']);
  });

  it('flattens replies to replies under the top-level comment', () => {
    const threads = threadComments([comment('a'), comment('a1', 'a'), comment('a1x', 'a1')]);
    expect(threads).toHaveLength(1);
    expect(ids(threads[0].replies)).toEqual(['a1', 'a1x']);
  });

  it('shows a reply whose parent is missing at the top level', () => {
    const threads = threadComments([comment('r', 'gone')]);
    expect(threads.map((thread) => thread.root.id)).toEqual(['r']);
  });
});
