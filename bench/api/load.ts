/**
 * One HTTP load phase with autocannon, against a Guild listening on 127.0.0.1.
 *
 * Latency percentiles are computed here from every response's own time (autocannon's
 * `response` event), not from autocannon's histogram: with `overallRate` set, autocannon 9
 * "corrects" for coordinated omission with an expected interval of ceil(1 / rate) = 1 ms,
 * which adds a synthetic sample for every millisecond of each response and skews p95/p99.
 *
 * Note on pacing: autocannon enforces `overallRate` per connection and per wall-clock second
 * (each of the N connections may send rate/N requests, then waits for the next second). So
 * "100 writes/s over 10 connections" arrives as a burst of 10 concurrent closed loops at the
 * start of every second, not as one request every 10 ms.
 */
import autocannon from 'autocannon';
import { percentiles, type Percentiles } from './stats.js';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** Requests per second across all connections; unlimited when absent. */
  overallRate?: number;
}

export interface LoadResult {
  /** Responses received (any status). */
  responses: number;
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included, as autocannon counts them. */
  errors: number;
  seconds: number;
  /** 2xx responses per second. */
  rate: number;
  /** Latency of the 2xx responses, in milliseconds. */
  latency: Percentiles;
  /** Count per status code (as strings, so the result crosses a worker boundary as is). */
  statusCodes: Record<string, number>;
}

function options(spec: LoadSpec): autocannon.Options {
  return {
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    ...(spec.body === undefined ? {} : { body: spec.body }),
    ...(spec.overallRate === undefined ? {} : { overallRate: spec.overallRate }),
  };
}

/** Runs the phase in the calling thread and summarises it. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(options(spec), (error: unknown, result) => {
      if (error) {
        reject(error instanceof Error ? error : new Error('autocannon failed'));
        return;
      }
      resolve(summarise(result, latencies, statusCodes));
    });
    instance.on('response', (_client, status, _bytes, milliseconds) => {
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        latencies.push(milliseconds);
      }
    });
  });
}

function summarise(
  result: autocannon.Result,
  latencies: number[],
  statusCodes: Record<string, number>,
): LoadResult {
  const responses = Object.values(statusCodes).reduce((sum, n) => sum + n, 0);
  const seconds = result.duration > 0 ? result.duration : Number.NaN;
  return {
    responses,
    ok: latencies.length,
    non2xx: responses - latencies.length,
    errors: result.errors,
    seconds,
    rate: latencies.length / seconds,
    latency: percentiles(latencies),
    statusCodes,
  };
}
