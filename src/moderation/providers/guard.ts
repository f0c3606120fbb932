/**
 * Wraps any Guild moderation provider with a per-call timeout and a circuit breaker, so a slow
 * or broken provider costs the caller at most `timeoutMs` per call, and after repeated failures
 * costs nothing at all until a trial call shows it is back. Every way out other than a good
 * verdict is a `ProviderFailure` (requirement S26).
 */
import {
  ProviderFailure,
  type ModerationProvider,
  type ProviderRequest,
  type ProviderVerdict,
} from './provider.js';
import { isObject, isUnitScore } from './provider-http.js';

/** `closed`: calls go through. `open`: calls fail fast. `half_open`: one trial call may go through. */
export type CircuitState = 'closed' | 'open' | 'half_open';

export interface GuardOptions {
  /** The longest one call may take, in milliseconds. */
  timeoutMs: number;
  /** Consecutive failures that open the circuit (at least 1). */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through, in milliseconds. */
  cooldownMs: number;
  /** The clock, in milliseconds; `Date.now` unless a test injects one. */
  now?: () => number;
}

/** A provider with a timeout and a circuit breaker; `state()` reports the breaker. */
export type GuardedProvider = ModerationProvider & { state(): CircuitState };

/**
 * Returns `provider` guarded by a timeout and a circuit breaker. A call the caller cancels
 * through its own signal is not counted against the provider. Throws a `RangeError` for
 * options that make no sense.
 */
export function guardProvider(
  provider: ModerationProvider,
  options: GuardOptions,
): GuardedProvider {
  const { timeoutMs, failureThreshold, cooldownMs } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError('the provider timeout must be a positive number of milliseconds');
  }
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
    throw new RangeError('the failure threshold must be a whole number of at least 1');
  }
  if (!Number.isFinite(cooldownMs) || cooldownMs < 0) {
    throw new RangeError('the cooldown must be zero or more milliseconds');
  }
  const now = options.now ?? Date.now;
  const name = provider.name;

  let consecutiveFailures = 0;
  /** When the circuit last opened; null while it is closed. */
  let openedAt: number | null = null;
  let trialInFlight = false;

  function state(): CircuitState {
    if (openedAt === null) {
      return 'closed';
    }
    return now() - openedAt >= cooldownMs ? 'half_open' : 'open';
  }

  function recordSuccess(): void {
    consecutiveFailures = 0;
    openedAt = null;
  }

  function recordFailure(trial: boolean): void {
    consecutiveFailures += 1;
    if (trial || consecutiveFailures >= failureThreshold) {
      openedAt = now();
    }
  }

  async function check(request: ProviderRequest): Promise<ProviderVerdict> {
    if (request.signal?.aborted) {
      throw cancelled(name);
    }
    const current = state();
    if (current === 'open' || (current === 'half_open' && trialInFlight)) {
      throw new ProviderFailure(
        name,
        'circuit_open',
        'the circuit is open after repeated failures',
      );
    }
    const trial = current === 'half_open';
    if (trial) {
      trialInFlight = true;
    }
    try {
      const verdict = checkVerdict(await callWithTimeout(provider, request, timeoutMs), name);
      recordSuccess();
      return verdict;
    } catch (error) {
      const failure = asFailure(error, name);
      const callerGaveUp = request.signal?.aborted === true && failure.reason === 'timeout';
      if (callerGaveUp) {
        throw cancelled(name, failure);
      }
      recordFailure(trial);
      throw failure;
    } finally {
      if (trial) {
        trialInFlight = false;
      }
    }
  }

  return { name, check, state };
}

/**
 * Runs one call under a deadline. The inner provider gets a signal that fires at the deadline
 * or when the caller cancels; the call returns then even if the provider ignores its signal.
 */
async function callWithTimeout(
  provider: ModerationProvider,
  request: ProviderRequest,
  timeoutMs: number,
): Promise<ProviderVerdict> {
  const controller = new AbortController();
  const outer = request.signal;
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  let timer: NodeJS.Timeout | undefined;
  let onOuterAbort: (() => void) | undefined;

  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const failure = new ProviderFailure(
        provider.name,
        'timeout',
        `no answer within ${timeoutMs} ms`,
      );
      controller.abort(failure);
      reject(failure);
    }, timeoutMs);
    if (outer) {
      onOuterAbort = () => reject(cancelled(provider.name));
      outer.addEventListener('abort', onOuterAbort, { once: true });
    }
  });

  try {
    return await Promise.race([provider.check({ ...request, signal }), deadline]);
  } finally {
    clearTimeout(timer);
    if (outer && onOuterAbort) {
      outer.removeEventListener('abort', onOuterAbort);
    }
  }
}

/** Refuses a verdict a provider should never have returned, so it cannot pass as clean. */
function checkVerdict(verdict: unknown, name: string): ProviderVerdict {
  const good =
    isObject(verdict) &&
    typeof verdict.flagged === 'boolean' &&
    isObject(verdict.scores) &&
    Object.values(verdict.scores).every(isUnitScore);
  if (!good) {
    throw new ProviderFailure(
      name,
      'malformed_response',
      'the provider returned an invalid verdict',
    );
  }
  return verdict as unknown as ProviderVerdict;
}

function asFailure(error: unknown, name: string): ProviderFailure {
  if (error instanceof ProviderFailure) {
    return error;
  }
  // A provider that throws something else has a bug; it is still a failure, never a verdict.
  return new ProviderFailure(name, 'network', 'the provider failed unexpectedly', { cause: error });
}

function cancelled(name: string, cause?: unknown): ProviderFailure {
  return new ProviderFailure(name, 'timeout', 'the caller cancelled the check', { cause });
}
