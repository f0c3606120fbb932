/**
 * Reciprocal-reaction rings, found in the graph of who reacted to whom. Pure: the detection
 * service loads the edges and stores what this returns.
 *
 * The method, in four steps:
 * 1. A mutual pair is two members who each gave the other at least `minPairReactions`.
 * 2. Members in mutual pairs are grouped into connected components over those pairs.
 * 3. Within each component, a member who gives or receives less than `minMemberShare` of their
 *    reactions inside it is dropped (a popular member with many ordinary fans, a friend who
 *    also reacts widely), and the components are formed again, until nothing changes.
 * 4. A component of `minSize` to `maxSize` members whose reactions, given and received, stay
 *    inside it for at least `minGroupShare` of the total is a ring.
 */

export interface ReactionEdge {
  /** Who reacted. */
  from: string;
  /** Whose item it was. */
  to: string;
  count: number;
}

export interface RingOptions {
  minPairReactions: number;
  minSize: number;
  maxSize: number;
  minGroupShare: number;
  minMemberShare: number;
}

export interface Ring {
  /** Sorted member ids. */
  members: string[];
  /** Reactions the members gave each other. */
  internalReactions: number;
  /** All reactions the members gave and received (inside the ring and out). */
  givenTotal: number;
  receivedTotal: number;
  /** internal ÷ given, internal ÷ received. */
  givenShare: number;
  receivedShare: number;
  mutualPairs: number;
}

class Graph {
  private readonly out = new Map<string, Map<string, number>>();
  readonly given = new Map<string, number>();
  readonly received = new Map<string, number>();

  constructor(edges: readonly ReactionEdge[]) {
    for (const edge of edges) {
      if (edge.from === edge.to || edge.count <= 0) {
        continue;
      }
      let targets = this.out.get(edge.from);
      if (!targets) {
        targets = new Map();
        this.out.set(edge.from, targets);
      }
      targets.set(edge.to, (targets.get(edge.to) ?? 0) + edge.count);
      this.given.set(edge.from, (this.given.get(edge.from) ?? 0) + edge.count);
      this.received.set(edge.to, (this.received.get(edge.to) ?? 0) + edge.count);
    }
  }

  weight(from: string, to: string): number {
    return this.out.get(from)?.get(to) ?? 0;
  }

  /** Every mutual pair, each once (a < b). */
  mutualPairs(minimum: number): [string, string][] {
    const pairs: [string, string][] = [];
    for (const [from, targets] of this.out) {
      for (const [to, count] of targets) {
        if (from < to && count >= minimum && this.weight(to, from) >= minimum) {
          pairs.push([from, to]);
        }
      }
    }
    return pairs;
  }
}

/** Connected components of `members` over `pairs` (pairs leaving the set are ignored). */
function components(members: ReadonlySet<string>, pairs: [string, string][]): string[][] {
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) {
      r = parent.get(r)!;
    }
    parent.set(x, r);
    return r;
  };
  for (const member of members) {
    parent.set(member, member);
  }
  for (const [a, b] of pairs) {
    if (members.has(a) && members.has(b)) {
      const ra = root(a);
      const rb = root(b);
      if (ra !== rb) {
        parent.set(ra, rb);
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const member of members) {
    const r = root(member);
    groups.set(r, [...(groups.get(r) ?? []), member]);
  }
  return [...groups.values()].map((group) => group.sort());
}

function internal(graph: Graph, group: readonly string[], member: string) {
  let given = 0;
  let received = 0;
  for (const other of group) {
    given += graph.weight(member, other);
    received += graph.weight(other, member);
  }
  return { given, received };
}

/** The rings in `edges` (see the file comment for the method). */
export function findRings(edges: readonly ReactionEdge[], options: RingOptions): Ring[] {
  const graph = new Graph(edges);
  const pairs = graph.mutualPairs(options.minPairReactions);
  let members = new Set(pairs.flat());
  for (;;) {
    const keep = new Set<string>();
    for (const group of components(members, pairs)) {
      if (group.length < options.minSize) {
        continue;
      }
      for (const member of group) {
        const inside = internal(graph, group, member);
        const givenShare = inside.given / (graph.given.get(member) ?? 1);
        const receivedShare = inside.received / (graph.received.get(member) ?? 1);
        if (givenShare >= options.minMemberShare && receivedShare >= options.minMemberShare) {
          keep.add(member);
        }
      }
    }
    if (keep.size === members.size) {
      break;
    }
    members = keep;
  }

  const rings: Ring[] = [];
  for (const group of components(members, pairs)) {
    if (group.length < options.minSize || group.length > options.maxSize) {
      continue;
    }
    let inside = 0;
    let given = 0;
    let received = 0;
    for (const member of group) {
      inside += internal(graph, group, member).given;
      given += graph.given.get(member) ?? 0;
      received += graph.received.get(member) ?? 0;
    }
    const givenShare = given === 0 ? 0 : inside / given;
    const receivedShare = received === 0 ? 0 : inside / received;
    if (givenShare < options.minGroupShare || receivedShare < options.minGroupShare) {
      continue;
    }
    const set = new Set(group);
    rings.push({
      members: group,
      internalReactions: inside,
      givenTotal: given,
      receivedTotal: received,
      givenShare,
      receivedShare,
      mutualPairs: pairs.filter(([a, b]) => set.has(a) && set.has(b)).length,
    });
  }
  return rings;
}
