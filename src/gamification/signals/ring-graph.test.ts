import { describe, expect, it } from 'vitest';
import { findRings, type ReactionEdge } from './ring-graph.js';

const options = {
  minPairReactions: 3,
  minSize: 3,
  maxSize: 8,
  minGroupShare: 0.6,
  minMemberShare: 0.5,
};

/** Every member of `group` gives every other `count` reactions. */
function clique(group: string[], count: number): ReactionEdge[] {
  return group.flatMap((from) =>
    group.filter((to) => to !== from).map((to) => ({ from, to, count })),
  );
}

describe('findRings', () => {
  it('finds a closed group that reacts mostly to itself', () => {
    const rings = findRings(clique(['a', 'b', 'c', 'd', 'e'], 4), options);
    expect(rings).toHaveLength(1);
    expect(rings[0]).toMatchObject({
      members: ['a', 'b', 'c', 'd', 'e'],
      internalReactions: 80,
      givenShare: 1,
      receivedShare: 1,
      mutualPairs: 10,
    });
  });

  it('ignores a mutual group whose reactions mostly go elsewhere', () => {
    const outside = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'];
    const edges = [
      ...clique(['a', 'b', 'c'], 3),
      ...['a', 'b', 'c'].flatMap((from) => outside.map((to) => ({ from, to, count: 2 }))),
      ...outside.flatMap((from) => ['a', 'b', 'c'].map((to) => ({ from, to, count: 2 }))),
    ];
    expect(findRings(edges, options)).toEqual([]);
  });

  it('ignores pairs below the threshold, pairs alone, and too large groups', () => {
    expect(findRings(clique(['a', 'b', 'c', 'd'], 2), options)).toEqual([]);
    expect(findRings(clique(['a', 'b'], 10), options)).toEqual([]);
    const many = Array.from({ length: 9 }, (_, i) => `m${i}`);
    expect(findRings(clique(many, 4), options)).toEqual([]);
  });

  it('drops a popular member with many fans and keeps the ring around them', () => {
    const fans = Array.from({ length: 12 }, (_, i) => ({ from: `fan${i}`, to: 'star', count: 3 }));
    const edges = [...clique(['a', 'b', 'c', 'star'], 3), ...fans];
    const rings = findRings(edges, options);
    expect(rings.map((r) => r.members)).toEqual([['a', 'b', 'c']]);
  });
});
