/** The benchmark's readable table and its one-line JSON summary. */
import type { LoadResult } from './load.js';
import { CONNECTIONS, WRITE_RATE, type DbFigures } from './phases.js';
import { show, sig3 } from './stats.js';

export const TARGETS = { read_ratio_min: 0.4, write_p95_ms_max: 80 } as const;

export interface Outcome {
  figures: DbFigures | null;
  /** Why there are no figures (unreachable server, failure). */
  error: string | null;
}

export interface Report {
  seconds: number;
  client: string;
  /** CPUs and the 1-minute load average before and after, to judge outside interference. */
  machine: { cpus: number; loadBefore: number; loadAfter: number };
  pglite: Outcome;
  postgres: Outcome;
}

type Cell = (figures: DbFigures) => string;

function triple(result: { latency: { p50: number; p95: number; p99: number } }): string {
  const { p50, p95, p99 } = result.latency;
  return `${show(p50)} / ${show(p95)} / ${show(p99)}`;
}

function failures(result: LoadResult): string {
  return `${result.non2xx} / ${result.errors}`;
}

export function readRatio(figures: DbFigures): number {
  return figures.reads.rate / figures.raw.qps;
}

const ROWS: [string, Cell][] = [
  ['set-up: tenant, 4 members, ~2,000 posts (s)', (f) => show(f.seedSeconds)],
  [`feed reads over HTTP (req/s, ${CONNECTIONS} conns)`, (f) => show(f.reads.rate)],
  ['  latency p50 / p95 / p99 (ms)', (f) => triple(f.reads)],
  ['  non-2xx / errors', (f) => failures(f.reads)],
  [`raw feed query in tenant tx (q/s, ${CONNECTIONS} loops)`, (f) => show(f.raw.qps)],
  ['  latency p50 / p95 / p99 (ms)', (f) => triple(f.raw)],
  ['read_ratio (HTTP reads/s / raw q/s)', (f) => show(readRatio(f))],
  [`post creation (achieved/s, asked ${WRITE_RATE}/s)`, (f) => show(f.posts.rate)],
  ['  latency p50 / p95 / p99 (ms)', (f) => triple(f.posts)],
  ['  non-2xx / errors', (f) => failures(f.posts)],
  [`comment creation (achieved/s, asked ${WRITE_RATE}/s)`, (f) => show(f.comments.rate)],
  ['  latency p50 / p95 / p99 (ms)', (f) => triple(f.comments)],
  ['  non-2xx / errors', (f) => failures(f.comments)],
];

function cell(outcome: Outcome, make: Cell): string {
  return outcome.figures ? make(outcome.figures) : 'n/a';
}

function outcomes(report: Report): [string, Outcome][] {
  return [
    ['PGlite', report.pglite],
    ['PostgreSQL', report.postgres],
  ];
}

/** One line per database on whether every HTTP response was a 2xx. */
function failureLines(report: Report): string[] {
  const lines: string[] = [];
  for (const [name, outcome] of outcomes(report)) {
    const f = outcome.figures;
    if (f) {
      const bad = [f.reads, f.posts, f.comments].reduce((n, r) => n + r.non2xx + r.errors, 0);
      lines.push(`${name}: ${bad === 0 ? 'every response was 2xx' : `${bad} non-2xx or errors`}`);
    }
  }
  return lines;
}

function verdict(report: Report): string[] {
  const pg = report.postgres.figures;
  if (!pg) {
    return ['Targets (PostgreSQL): not assessed, no PostgreSQL figures.'];
  }
  const ratio = readRatio(pg);
  const p95 = pg.posts.latency.p95;
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const rate = pg.posts.rate;
  return [
    ...failureLines(report),
    `Target read_ratio >= ${TARGETS.read_ratio_min} on PostgreSQL: ${show(ratio)}, ` +
      mark(ratio >= TARGETS.read_ratio_min),
    `Target write p95 < ${TARGETS.write_p95_ms_max} ms at ${WRITE_RATE}/s on PostgreSQL: ` +
      `${show(p95)} ms (achieved ${show(rate)}/s), ${mark(p95 < TARGETS.write_p95_ms_max)}`,
  ];
}

function machineLine(machine: Report['machine']): string {
  const { cpus, loadBefore, loadAfter } = machine;
  return (
    `Machine: ${cpus} CPUs shared by server, load client and database; 1-min load average ` +
    `${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`
  );
}

/** The table, as lines. */
export function table(report: Report): string[] {
  const width = Math.max(...ROWS.map(([label]) => label.length)) + 2;
  const column = 22;
  const line = (label: string, a: string, b: string) =>
    label.padEnd(width) + a.padStart(column) + b.padStart(column);
  const lines = [
    `Guild API benchmark: ${report.seconds} s per phase, 127.0.0.1, load client: ` +
      `${report.client}`,
    machineLine(report.machine),
    '',
    line('', 'PGlite', 'PostgreSQL'),
    ...ROWS.map(([label, make]) =>
      line(label, cell(report.pglite, make), cell(report.postgres, make)),
    ),
    '',
  ];
  for (const [name, outcome] of outcomes(report)) {
    if (outcome.error) {
      lines.push(`${name}: ${outcome.error}`);
    }
  }
  return [...lines, ...verdict(report)];
}

function keyFigures(figures: DbFigures | null) {
  return {
    read_ratio: figures ? sig3(readRatio(figures)) : null,
    write_p95_ms: figures ? sig3(figures.posts.latency.p95) : null,
    read_rps: figures ? sig3(figures.reads.rate) : null,
    raw_qps: figures ? sig3(figures.raw.qps) : null,
    read_p95_ms: figures ? sig3(figures.reads.latency.p95) : null,
    comment_p95_ms: figures ? sig3(figures.comments.latency.p95) : null,
  };
}

/** The final JSON line: PostgreSQL's figures at the top level, PGlite's nested. */
export function summaryJson(report: Report): string {
  return JSON.stringify({
    ...keyFigures(report.postgres.figures),
    pglite: keyFigures(report.pglite.figures),
    seconds_per_phase: report.seconds,
    targets: TARGETS,
    ...(report.postgres.error ? { postgres_error: report.postgres.error } : {}),
    ...(report.pglite.error ? { pglite_error: report.pglite.error } : {}),
  });
}
