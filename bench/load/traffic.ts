/**
 * The open-loop load generator: requests start at a fixed arrival rate whatever the servers
 * do (request i is due at start + i / rate), so a slow server meets a growing queue instead
 * of a client that politely waits. Latency is measured from the moment a request was due,
 * not from when it was written, so time spent waiting for a free socket or a late timer
 * counts too.
 *
 * The mix, per 100 requests: 70 reads (space feed 30, post 20, a post's comments 15,
 * notifications 5), 20 posts and comments through the moderation gate (posts 6, comments
 * 14), 10 reactions and awards (likes by members 7, point awards by a manager with an
 * Idempotency-Key 3). Members take turns (round robin), and so do the Guild processes.
 *
 * Runs in its own process (generator.ts), never on a server's thread.
 */
import http from 'node:http';
import { percentiles } from '../api/stats.js';
import type { Session } from './seed.js';
import { commentText, postText } from './text.js';

export interface TrafficSpec {
  targets: string[];
  cookieName: string;
  /** Requests started per second, all routes together. */
  rate: number;
  warmupSeconds: number;
  seconds: number;
  members: Session[];
  manager: Session;
  spaces: string[];
  postIds: string[];
  /** Distinguishes this run's texts and idempotency keys from another run's. */
  runIndex: number;
}

export type RouteKind = 'read' | 'write';

export interface RouteFigures {
  route: string;
  kind: RouteKind;
  count: number;
  ok: number;
  errors: number;
  /** Responses and failures by status code, or by the failure's name. */
  outcomes: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
}

export interface TrafficResult {
  seconds: number;
  /**
   * From the first measured request's due time to the last measured response: equal to
   * `seconds` (plus one response time) when the servers keep up, longer when they fall behind.
   * Throughputs are counts divided by this span.
   */
  spanSeconds: number;
  rate: number;
  /** Requests due in the measured window, and those that completed (any outcome). */
  due: number;
  /** Requests sent in all, warm-up included. */
  issued: number;
  completed: number;
  routes: RouteFigures[];
  reads: { count: number; p50: number; p95: number; p99: number };
  writes: { count: number; p50: number; p95: number; p99: number };
  errors: number;
  /** Most requests in flight at once, and how late the generator's own timer ran. */
  maxInFlight: number;
  maxTimerLagMs: number;
  /** Moderation outcome of the posts and comments created (published, held, rejected). */
  moderation: Record<string, number>;
  /** A few failures as seen, for the report. */
  samples: string[];
  /** p95 of the successful answers by second of the measured window (by due time), in ms. */
  p95BySecond: number[];
}

interface Call {
  route: string;
  kind: RouteKind;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  session: Session;
  body?: unknown;
  headers?: Record<string, string>;
  /** Posts and comments: read the moderation state (and a new post's id) from the answer. */
  created?: 'post' | 'comment';
}

/** A small deterministic generator, so two runs choose the same sequence of routes. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIX: [number, string][] = [
  [30, 'feed'],
  [20, 'post'],
  [15, 'comments'],
  [5, 'notifications'],
  [6, 'create-post'],
  [14, 'create-comment'],
  [7, 'react'],
  [3, 'award'],
];
const MIX_TOTAL = MIX.reduce((sum, [weight]) => sum + weight, 0);

function choose(random: number): string {
  let left = random * MIX_TOTAL;
  for (const [weight, name] of MIX) {
    if (left < weight) {
      return name;
    }
    left -= weight;
  }
  return MIX[MIX.length - 1]![1];
}

/** Builds request i of the run. */
function planner(spec: TrafficSpec) {
  const random = prng(0x9e3779b9 ^ spec.runIndex);
  const postIds = [...spec.postIds];
  let writes = 0;
  let reacts = 0;
  const item = (n: number) => spec.runIndex * 1_000_000 + n;
  const anyPost = () => postIds[Math.floor(random() * postIds.length)]!;
  return {
    remember(postId: string) {
      postIds.push(postId);
    },
    plan(i: number): Call {
      const member = spec.members[i % spec.members.length]!;
      const name = choose(random());
      switch (name) {
        case 'feed': {
          const slug = spec.spaces[i % spec.spaces.length]!;
          const path = `/api/v1/spaces/${slug}/posts?limit=20`;
          return {
            route: 'GET /api/v1/spaces/:slug/posts',
            kind: 'read',
            method: 'GET',
            path,
            session: member,
          };
        }
        case 'post':
          return {
            route: 'GET /api/v1/posts/:id',
            kind: 'read',
            method: 'GET',
            path: `/api/v1/posts/${anyPost()}`,
            session: member,
          };
        case 'comments':
          return {
            route: 'GET /api/v1/posts/:id/comments',
            kind: 'read',
            method: 'GET',
            path: `/api/v1/posts/${anyPost()}/comments?limit=20`,
            session: member,
          };
        case 'notifications':
          return {
            route: 'GET /api/v1/notifications',
            kind: 'read',
            method: 'GET',
            path: '/api/v1/notifications',
            session: member,
          };
        case 'create-post': {
          writes += 1;
          const slug = spec.spaces[writes % spec.spaces.length]!;
          return {
            route: 'POST /api/v1/spaces/:slug/posts',
            kind: 'write',
            method: 'POST',
            path: `/api/v1/spaces/${slug}/posts`,
            session: member,
            body: postText(item(writes)),
            created: 'post',
          };
        }
        case 'create-comment':
          writes += 1;
          return {
            route: 'POST /api/v1/posts/:id/comments',
            kind: 'write',
            method: 'POST',
            path: `/api/v1/posts/${anyPost()}/comments`,
            session: member,
            body: commentText(item(writes)),
            created: 'comment',
          };
        case 'react': {
          // Walks (member, post) pairs so that likes are new ones, not repeats, and
          // consecutive likes go to different posts: post k % P by member k + floor(k / P).
          // (Hundreds of likes a second on one post would measure one hot row instead.)
          const posts = spec.postIds.length;
          const liker = spec.members[(reacts + Math.floor(reacts / posts)) % spec.members.length]!;
          const post = spec.postIds[reacts % posts]!;
          reacts += 1;
          return {
            route: 'PUT /api/v1/posts/:id/reactions/:kind',
            kind: 'write',
            method: 'PUT',
            path: `/api/v1/posts/${post}/reactions/like`,
            session: liker,
          };
        }
        default: {
          const to = spec.members[(i * 7) % spec.members.length]!;
          return {
            route: 'POST /api/v1/points/awards',
            kind: 'write',
            method: 'POST',
            path: '/api/v1/points/awards',
            session: spec.manager,
            body: { userId: to.userId, points: 5, reason: 'Helpful answer in the community' },
            headers: { 'idempotency-key': `bench-load-${spec.runIndex}-${i}` },
          };
        }
      }
    },
  };
}

interface Outcome {
  status: number | string;
  body: string;
}

/**
 * A request not answered within this long of its due time fails as a timeout, wherever it
 * is: waiting for a socket, on the wire, or in the server. This also bounds how long a run
 * can last after its last request was due.
 */
const DEADLINE_MS = 15_000;

function send(
  agent: http.Agent,
  base: string,
  cookieName: string,
  call: Call,
  dueAt: number,
): Promise<Outcome> {
  const url = new URL(call.path, base);
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  const headers: Record<string, string> = {
    cookie: `${cookieName}=${call.session.token}`,
    'x-guild-tenant': 'bench',
    ...(call.method === 'GET' ? {} : { 'x-csrf-token': call.session.csrf }),
    ...(payload === undefined
      ? {}
      : {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(payload)),
        }),
    ...call.headers,
  };
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      }
    };
    const request = http.request(url, { method: call.method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', (error) => resolve({ status: error.name, body: error.message }));
    });
    const timer = setTimeout(
      () => {
        settle({ status: 'timeout', body: `no answer ${DEADLINE_MS / 1000} s after it was due` });
        request.destroy();
      },
      Math.max(0, dueAt + DEADLINE_MS - performance.now()),
    );
    request.on('error', (error) => settle({ status: 'socket_error', body: error.message }));
    request.end(payload);
  });
}

class Route {
  readonly latencies: number[] = [];
  readonly outcomes: Record<string, number> = {};
  count = 0;
  errors = 0;
  constructor(
    readonly name: string,
    readonly kind: RouteKind,
  ) {}
}

function figures(samples: number[]) {
  const p = percentiles(samples);
  return { count: samples.length, p50: p.p50, p95: p.p95, p99: p.p99 };
}

/** Runs the warm-up and the measured window; resolves once every request has finished. */
/**
 * When each request is due, in ms from the start. The warm-up ramps the rate up in a straight
 * line from a tenth of it to all of it (processes, connections and caches warm up without a
 * queue forming at once); the measured seconds run at the full rate. `measuredFrom` is the
 * index of the first measured request.
 */
export function schedule(
  rate: number,
  warmupSeconds: number,
  seconds: number,
): { dueMs: Float64Array; measuredFrom: number } {
  const due: number[] = [];
  const warmupMs = warmupSeconds * 1000;
  for (let at = 0; at < warmupMs;) {
    due.push(at);
    at += 1000 / (rate * (0.1 + (0.9 * at) / warmupMs));
  }
  const measuredFrom = due.length;
  const measured = Math.round(rate * seconds);
  for (let index = 0; index < measured; index += 1) {
    due.push(warmupMs + (index * 1000) / rate);
  }
  return { dueMs: Float64Array.from(due), measuredFrom };
}

export function runTraffic(spec: TrafficSpec): Promise<TrafficResult> {
  const agents = spec.targets.map(
    () => new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 128 }),
  );
  const plan = planner(spec);
  const { dueMs, measuredFrom } = schedule(spec.rate, spec.warmupSeconds, spec.seconds);
  const total = dueMs.length;
  const routes = new Map<string, Route>();
  const moderation: Record<string, number> = {};
  const samples: string[] = [];
  const readLatencies: number[] = [];
  const writeLatencies: number[] = [];
  const bySecond: number[][] = Array.from({ length: spec.seconds }, () => []);
  let issued = 0;
  let finished = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let maxTimerLagMs = 0;
  let completed = 0;
  let lastMeasured = 0;
  const start = performance.now() + 100;
  const measuredStart = start + spec.warmupSeconds * 1000;

  const record = (index: number, call: Call, due: number, outcome: Outcome) => {
    const measured = index >= measuredFrom;
    const ok = typeof outcome.status === 'number' && outcome.status >= 200 && outcome.status < 300;
    if (ok && call.created) {
      try {
        const body = JSON.parse(outcome.body) as {
          id?: string;
          moderationState?: string;
          moderation?: { state?: string } | null;
        };
        // Posts say nothing about moderation when published; comments name their state.
        const seen =
          body.moderationState ?? (body.moderation === null ? 'published' : body.moderation?.state);
        const state = `${call.created}:${seen ?? 'unknown'}`;
        moderation[state] = (moderation[state] ?? 0) + 1;
        if (call.created === 'post' && body.id && seen === 'published') {
          plan.remember(body.id);
        }
      } catch {
        moderation[`${call.created}:unreadable`] =
          (moderation[`${call.created}:unreadable`] ?? 0) + 1;
      }
    }
    if (!ok && samples.length < 10) {
      samples.push(
        `${call.method} ${call.path} -> ${outcome.status}: ${outcome.body.slice(0, 300)}`,
      );
    }
    if (!measured) {
      return;
    }
    completed += 1;
    const now = performance.now();
    lastMeasured = Math.max(lastMeasured, now);
    const latency = now - due;
    let route = routes.get(call.route);
    if (!route) {
      route = new Route(call.route, call.kind);
      routes.set(call.route, route);
    }
    route.count += 1;
    route.outcomes[String(outcome.status)] = (route.outcomes[String(outcome.status)] ?? 0) + 1;
    if (ok) {
      route.latencies.push(latency);
      (call.kind === 'read' ? readLatencies : writeLatencies).push(latency);
      bySecond[Math.floor((due - measuredStart) / 1000)]?.push(latency);
    } else {
      route.errors += 1;
    }
  };

  return new Promise((resolve) => {
    const finish = () => {
      for (const agent of agents) {
        agent.destroy();
      }
      const list = [...routes.values()].sort((a, b) =>
        a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'read' ? -1 : 1,
      );
      resolve({
        seconds: spec.seconds,
        spanSeconds: Math.max(spec.seconds, (lastMeasured - measuredStart) / 1000),
        rate: spec.rate,
        due: total - measuredFrom,
        issued: total,
        completed,
        routes: list.map((r) => ({
          route: r.name,
          kind: r.kind,
          count: r.count,
          ok: r.latencies.length,
          errors: r.errors,
          outcomes: r.outcomes,
          ...percentiles(r.latencies),
        })),
        reads: figures(readLatencies),
        writes: figures(writeLatencies),
        errors: list.reduce((sum, r) => sum + r.errors, 0),
        maxInFlight,
        maxTimerLagMs,
        moderation,
        samples,
        p95BySecond: bySecond.map((latencies) => percentiles(latencies).p95),
      });
    };
    const tick = () => {
      const now = performance.now();
      if (issued < total && start + dueMs[issued]! <= now) {
        maxTimerLagMs = Math.max(maxTimerLagMs, now - (start + dueMs[issued]!));
      }
      while (issued < total && start + dueMs[issued]! <= now) {
        const index = issued;
        const dueAt = start + dueMs[index]!;
        const call = plan.plan(index);
        const target = index % spec.targets.length;
        issued += 1;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        void send(agents[target]!, spec.targets[target]!, spec.cookieName, call, dueAt).then(
          (outcome) => {
            inFlight -= 1;
            finished += 1;
            record(index, call, dueAt, outcome);
            if (finished === total) {
              finish();
            }
          },
        );
      }
      if (issued < total) {
        setTimeout(tick, Math.max(0, Math.min(5, start + dueMs[issued]! - performance.now())));
      }
    };
    setTimeout(tick, 100);
  });
}
