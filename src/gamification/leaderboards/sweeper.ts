/**
 * Keeps the leaderboards following the ledger: a pass of the fold every few seconds (and at
 * once again while a pass finds a full batch), and old week and month boards pruned now and
 * then. Several Guild processes may run it: a pass that finds another running does nothing.
 */
import type { Database } from '../../core/db/database.js';
import { foldLedger, pruneBoards, type FoldOptions } from './fold.service.js';

export interface SweeperOptions extends FoldOptions {
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface Sweeper {
  /** Stops the sweeper and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function startLeaderboardSweeper(db: Database, options: SweeperOptions = {}): Sweeper {
  const intervalMs = options.intervalMs ?? 2000;
  const span = options.span ?? 50_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastPrune = 0;

  const pass = async (): Promise<void> => {
    try {
      let full = true;
      while (full && !stopped) {
        const result = await foldLedger(db.system, { ...options, span });
        full = result.ran && result.entries >= span / 2;
      }
      if (Date.now() - lastPrune > 3_600_000 && !stopped) {
        lastPrune = Date.now();
        await pruneBoards(db.system);
      }
    } catch (error) {
      options.onError?.(error);
    }
  };
  const schedule = (): void => {
    if (stopped) {
      return;
    }
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
      }
      await running;
    },
  };
}
