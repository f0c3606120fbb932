/**
 * A task repeated on a timer in one process (e.g. a sweeper that re-queues jobs a crash lost):
 * one run at a time, the next `seconds()` after the last one ended, never keeping the process
 * alive, and stoppable with a wait for the run under way.
 */

/** Starts repeating `work`; returns the function that stops it (and waits for a run). */
export function repeatEvery(
  seconds: () => number,
  work: () => Promise<void>,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = work()
      .catch(onError)
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, seconds() * 1000).unref();
        }
      });
  };
  timer = setTimeout(tick, seconds() * 1000).unref();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
