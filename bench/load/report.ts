/** The load benchmark's per-route tables, its verdict lines and its one-line JSON summary. */
import { show, sig3 } from '../api/stats.js';
import type { TrafficResult } from './traffic.js';

/** The issue's targets: reads p95 < 30 ms with the mix served at 300 req/s, writes p95 < 80 ms. */
export const TARGETS = {
  read_p95_target_ms: 30,
  rate_target_req_per_s: 300,
  write_p95_target_ms: 80,
} as const;

/** The rate counts as reached at 95 % of the target (answers of the measured window only). */
const RATE_TOLERANCE = 0.95;

export interface RunReport {
  label: string;
  processes: number;
  result: TrafficResult;
  loadBefore: number;
  loadAfter: number;
  /** CPU time the Guild processes used per request (warm-up included), when /proc tells. */
  guildCpuMsPerRequest: number | null;
  /** CPU time of the database's PostgreSQL backends per request (a lower bound). */
  postgresCpuMsPerRequest: number | null;
}

function perSecond(count: number, seconds: number): number {
  return count / seconds;
}

function row(cells: string[], widths: number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[i]!)))
    .join('  ');
}

/** One run's table: a line per route, then all reads and all writes. */
export function runTable(run: RunReport): string[] {
  const r = run.result;
  const widths = [42, 7, 8, 7, 7, 7, 7];
  const header = ['route', 'count', 'ok/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];
  const lines = [
    `${run.label}: ${run.processes} Guild process(es), ${r.seconds} s measured at ${r.rate} req/s offered ` +
      `(open loop); 1-min load average ${run.loadBefore.toFixed(1)} before, ${run.loadAfter.toFixed(1)} after`,
    row(header, widths),
  ];
  for (const route of r.routes) {
    lines.push(
      row(
        [
          route.route,
          String(route.count),
          show(perSecond(route.ok, r.spanSeconds)),
          show(route.p50),
          show(route.p95),
          show(route.p99),
          String(route.errors),
        ],
        widths,
      ),
    );
  }
  const readErrors = r.routes.filter((x) => x.kind === 'read').reduce((n, x) => n + x.errors, 0);
  for (const [name, figures, errors] of [
    ['all reads', r.reads, readErrors],
    ['all writes', r.writes, r.errors - readErrors],
  ] as const) {
    lines.push(
      row(
        [
          name,
          String(figures.count),
          show(perSecond(figures.count, r.spanSeconds)),
          show(figures.p50),
          show(figures.p95),
          show(figures.p99),
          String(errors),
        ],
        widths,
      ),
    );
  }
  lines.push(
    `due ${r.due}, answered or failed ${r.completed} within ${show(r.spanSeconds)} s, ` +
      `${show(perSecond(r.reads.count + r.writes.count, r.spanSeconds))} successful req/s; ` +
      `most in flight ${r.maxInFlight}; generator timer lag up to ${show(r.maxTimerLagMs)} ms; ` +
      `CPU per request: Guild ${show(run.guildCpuMsPerRequest)} ms, PostgreSQL ` +
      `${show(run.postgresCpuMsPerRequest)} ms (warm-up included)`,
    `moderation of created items: ${
      Object.entries(r.moderation)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  );
  lines.push(`p95 by second (ms): ${r.p95BySecond.map((p95) => show(p95)).join(' ')}`);
  for (const sample of r.samples) {
    lines.push(`  failure: ${sample}`);
  }
  for (const route of r.routes.filter((x) => x.errors > 0)) {
    lines.push(`  ${route.route} outcomes: ${JSON.stringify(route.outcomes)}`);
  }
  return lines;
}

export function keyFigures(run: RunReport) {
  const r = run.result;
  const readRate = perSecond(r.reads.count, r.spanSeconds);
  const rate = perSecond(r.reads.count + r.writes.count, r.spanSeconds);
  // A percentile with no samples crosses the process boundary as null: never "met".
  const under = (value: number | null, target: number) =>
    typeof value === 'number' && Number.isFinite(value) && value < target;
  const met = {
    read:
      under(r.reads.p95, TARGETS.read_p95_target_ms) &&
      rate >= TARGETS.rate_target_req_per_s * RATE_TOLERANCE,
    write: under(r.writes.p95, TARGETS.write_p95_target_ms) && r.writes.count > 0,
    errors: r.errors === 0,
  };
  return {
    errors: r.errors,
    read_p95_ms: sig3(r.reads.p95),
    write_p95_ms: sig3(r.writes.p95),
    req_per_s: sig3(rate),
    read_req_per_s: sig3(readRate),
    write_req_per_s: sig3(perSecond(r.writes.count, r.spanSeconds)),
    offered_req_per_s: r.rate,
    read_p99_ms: sig3(r.reads.p99),
    write_p99_ms: sig3(r.writes.p99),
    processes: run.processes,
    guild_cpu_ms_per_request:
      run.guildCpuMsPerRequest === null ? null : sig3(run.guildCpuMsPerRequest),
    postgres_cpu_ms_per_request:
      run.postgresCpuMsPerRequest === null ? null : sig3(run.postgresCpuMsPerRequest),
    met: { ...met, all: met.read && met.write && met.errors },
  };
}

/** Lines saying whether each target was met, per run. */
export function verdict(runs: RunReport[]): string[] {
  return runs.map((run) => {
    const k = keyFigures(run);
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
    return (
      `${run.label}: reads p95 ${show(k.read_p95_ms)} ms at ${show(k.req_per_s)} req/s ` +
      `(target < ${TARGETS.read_p95_target_ms} ms at ${TARGETS.rate_target_req_per_s} req/s): ${mark(k.met.read)}; ` +
      `writes p95 ${show(k.write_p95_ms)} ms (target < ${TARGETS.write_p95_target_ms} ms): ${mark(k.met.write)}; ` +
      `errors ${k.errors}: ${mark(k.met.errors)}`
    );
  });
}

/** The final JSON line: the two-process run at the top level, the one-process run nested. */
export function summaryJson(
  two: RunReport | null,
  one: RunReport | null,
  extra: Record<string, unknown>,
): string {
  return JSON.stringify({
    ...(two ? keyFigures(two) : { errors: null }),
    one_process: one ? keyFigures(one) : null,
    ...TARGETS,
    ...extra,
  });
}
