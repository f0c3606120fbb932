/**
 * Where the load generator runs. Guild, its PGlite (when used) and the client all share one
 * process on a 2-core machine. By default autocannon runs in a worker thread so that its
 * request writing and response parsing do not queue behind the server's handlers on one
 * event loop (which both slows the server and inflates the latencies the client sees);
 * BENCH_CLIENT=inline runs it on the main thread instead, for comparison.
 */
import { Worker } from 'node:worker_threads';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';

export type ClientMode = 'worker' | 'inline';

export function clientMode(env: NodeJS.ProcessEnv): ClientMode {
  return env.BENCH_CLIENT === 'inline' ? 'inline' : 'worker';
}

/**
 * Workers do not inherit tsx's module hooks, so the worker starts from a small script
 * that loads the TypeScript entry through tsx's API.
 */
function bootstrap(): string {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./load-worker.ts', import.meta.url).href;
  // An eval'd worker is a CommonJS script: no top-level await, hence the promise chain.
  return `import(${JSON.stringify(api)}).then((tsx) =>
    tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}));`;
}

function runInWorker(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap(), { eval: true, workerData: spec });
    let result: LoadResult | null = null;
    worker.once('message', (message: LoadResult) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) {
        resolve(result);
      } else {
        reject(new Error(`load worker exited with code ${code} and no result`));
      }
    });
  });
}

/** Runs one load phase where `mode` says. */
export function generateLoad(spec: LoadSpec, mode: ClientMode): Promise<LoadResult> {
  return mode === 'worker' ? runInWorker(spec) : runLoad(spec);
}
