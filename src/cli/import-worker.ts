/**
 * The worker thread in which `guild import` runs (see import-command.ts): it opens the
 * database itself, imports, and answers the main thread with the job's status or the failure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../core/config/config.js';
import { DatabaseInUseError, openDatabase, type Database } from '../core/db/database.js';
import { migrate } from '../core/db/migrate.js';
import {
  importFile,
  type ImportControlMessage,
  type ImportWorkerData,
  type ImportWorkerMessage,
} from './import-command.js';

async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = openDatabase(loadConfig().database);
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

const data = workerData as ImportWorkerData;
let interrupted = false;
parentPort?.on('message', (message: ImportControlMessage) => {
  if (message.type === 'interrupt') {
    interrupted = true;
  }
});
const post = (message: ImportWorkerMessage) => parentPort?.postMessage(message);
let answer: ImportWorkerMessage;
try {
  const { job } = await importFile(
    { config: () => loadConfig(), withDatabase },
    data.kind,
    data.file,
    data.options,
    {
      start: (bytes) => post({ type: 'progress', event: 'start', bytes, rows: 0 }),
      update: (bytes, rows) => post({ type: 'progress', event: 'update', bytes, rows }),
      stop: () => post({ type: 'progress', event: 'stop', bytes: 0, rows: 0 }),
    },
    () => interrupted,
  );
  answer = { type: 'done', status: job.status };
} catch (error) {
  const badInput =
    error instanceof InvalidArgumentError ||
    error instanceof ConfigError ||
    error instanceof DatabaseInUseError;
  answer = {
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
    badInput,
  };
}
post(answer);
parentPort?.close();
