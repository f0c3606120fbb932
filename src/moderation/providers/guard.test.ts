/**
 * Tests for the guard Guild puts around every moderation provider: the per-call timeout and the
 * circuit breaker (opening, failing fast, half-opening on an injected clock, closing, re-opening).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guardProvider, type GuardOptions } from './guard.js';
import { openAiModerationProvider } from './openai-moderation.js';
import {
  ProviderFailure,
  type ModerationProvider,
  type ProviderRequest,
  type ProviderVerdict,
} from './provider.js';
import { rejectionOf, startFakeProvider, type FakeProvider } from './test-support.js';

const request = { text: 'hello', policy: 'p' };
const verdict: ProviderVerdict = {
  provider: 'fake',
  scores: { hate: 0 },
  flagged: false,
  latencyMs: 1,
};

/** An in-memory provider whose behaviour each test sets, counting calls. */
function scripted(behaviour: (request: ProviderRequest) => Promise<ProviderVerdict>) {
  const provider = {
    name: 'fake',
    calls: 0,
    behaviour,
    check(req: ProviderRequest): Promise<ProviderVerdict> {
      provider.calls += 1;
      return provider.behaviour(req);
    },
  };
  return provider;
}

const fail = () =>
  Promise.reject(new ProviderFailure('fake', 'http_error', 'HTTP 503', { status: 503 }));
const succeed = () => Promise.resolve(verdict);

function clock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

function options(overrides: Partial<GuardOptions> = {}): GuardOptions {
  return { timeoutMs: 200, failureThreshold: 3, cooldownMs: 30_000, ...overrides };
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ProviderFailure);
  return (error as ProviderFailure).reason;
}

describe('the circuit breaker', () => {
  it('opens after the threshold of consecutive failures and then fails fast without calling', async () => {
    const inner = scripted(fail);
    const time = clock();
    const guarded = guardProvider(inner, options({ now: time.now }));

    for (let i = 0; i < 2; i += 1) {
      expect(await reasonOf(guarded.check(request))).toBe('http_error');
      expect(guarded.state()).toBe('closed');
    }
    expect(await reasonOf(guarded.check(request))).toBe('http_error');
    expect(guarded.state()).toBe('open');
    expect(inner.calls).toBe(3);

    for (let i = 0; i < 5; i += 1) {
      expect(await reasonOf(guarded.check(request))).toBe('circuit_open');
    }
    // Refused without calling the provider at all.
    expect(inner.calls).toBe(3);
    expect(guarded.name).toBe('fake');
  });

  it('counts only consecutive failures: a success in between starts the count again', async () => {
    const inner = scripted(fail);
    const guarded = guardProvider(inner, options({ now: clock().now }));

    await reasonOf(guarded.check(request));
    await reasonOf(guarded.check(request));
    inner.behaviour = succeed;
    await guarded.check(request);
    inner.behaviour = fail;
    await reasonOf(guarded.check(request));
    await reasonOf(guarded.check(request));

    expect(guarded.state()).toBe('closed');
    await reasonOf(guarded.check(request));
    expect(guarded.state()).toBe('open');
  });

  it('half-opens after the cooldown, lets one trial through, and closes when it succeeds', async () => {
    const inner = scripted(fail);
    const time = clock();
    const guarded = guardProvider(inner, options({ failureThreshold: 2, now: time.now }));
    await reasonOf(guarded.check(request));
    await reasonOf(guarded.check(request));
    expect(guarded.state()).toBe('open');

    time.advance(29_999);
    expect(guarded.state()).toBe('open');
    expect(await reasonOf(guarded.check(request))).toBe('circuit_open');
    expect(inner.calls).toBe(2);

    time.advance(1);
    expect(guarded.state()).toBe('half_open');
    inner.behaviour = succeed;
    await expect(guarded.check(request)).resolves.toEqual(verdict);
    expect(inner.calls).toBe(3);
    expect(guarded.state()).toBe('closed');

    // Closed again: it takes the full threshold of failures to open it once more.
    inner.behaviour = fail;
    await reasonOf(guarded.check(request));
    expect(guarded.state()).toBe('closed');
  });

  it('re-opens for a whole cooldown when the trial call fails', async () => {
    const inner = scripted(fail);
    const time = clock();
    const guarded = guardProvider(inner, options({ failureThreshold: 1, now: time.now }));
    await reasonOf(guarded.check(request));
    time.advance(30_000);
    expect(guarded.state()).toBe('half_open');

    expect(await reasonOf(guarded.check(request))).toBe('http_error');
    expect(guarded.state()).toBe('open');
    expect(inner.calls).toBe(2);

    time.advance(29_999);
    expect(await reasonOf(guarded.check(request))).toBe('circuit_open');
    expect(inner.calls).toBe(2);
    time.advance(1);
    expect(guarded.state()).toBe('half_open');
  });

  it('lets only one trial call through while half-open', async () => {
    const inner = scripted(fail);
    const time = clock();
    const guarded = guardProvider(inner, options({ failureThreshold: 1, now: time.now }));
    await reasonOf(guarded.check(request));
    time.advance(30_000);

    let finishTrial: (v: ProviderVerdict) => void = () => undefined;
    inner.behaviour = () => new Promise((resolve) => (finishTrial = resolve));
    const trial = guarded.check(request);
    expect(await reasonOf(guarded.check(request))).toBe('circuit_open');
    expect(inner.calls).toBe(2);

    finishTrial(verdict);
    await expect(trial).resolves.toEqual(verdict);
    expect(guarded.state()).toBe('closed');
  });

  it('does not count a check the caller cancelled against the provider', async () => {
    const inner = scripted(
      (req) =>
        new Promise((_, reject) => {
          req.signal?.addEventListener('abort', () =>
            reject(new ProviderFailure('fake', 'timeout', 'the call was cancelled')),
          );
        }),
    );
    const guarded = guardProvider(inner, options({ failureThreshold: 1, timeoutMs: 5_000 }));
    const controller = new AbortController();

    const pending = guarded.check({ ...request, signal: controller.signal });
    controller.abort();

    expect(await reasonOf(pending)).toBe('timeout');
    expect(guarded.state()).toBe('closed');
    expect(await reasonOf(guarded.check({ ...request, signal: controller.signal }))).toBe(
      'timeout',
    );
    expect(inner.calls).toBe(1);
  });
});

describe('the timeout', () => {
  it('gives up on a provider that never answers, even one that ignores its signal', async () => {
    let seen: AbortSignal | undefined;
    const inner = scripted((req) => {
      seen = req.signal;
      return new Promise<never>(() => undefined);
    });
    const guarded = guardProvider(inner, options({ timeoutMs: 200 }));

    // The provider's promise never settles: only the guard's timeout can answer.
    expect(await reasonOf(guarded.check(request))).toBe('timeout');
    expect(seen?.aborted).toBe(true);
  });

  it('counts timeouts towards opening the circuit', async () => {
    const inner = scripted(() => new Promise<never>(() => undefined));
    const guarded = guardProvider(inner, options({ timeoutMs: 20, failureThreshold: 2 }));

    expect(await reasonOf(guarded.check(request))).toBe('timeout');
    expect(await reasonOf(guarded.check(request))).toBe('timeout');

    expect(guarded.state()).toBe('open');
    expect(await reasonOf(guarded.check(request))).toBe('circuit_open');
  });
});

describe('what the guard lets out', () => {
  it('turns an unexpected error from a provider into a ProviderFailure', async () => {
    const inner = scripted(() => Promise.reject(new TypeError('oops')));
    const guarded = guardProvider(inner, options());

    const error = await rejectionOf(guarded.check(request));

    expect(error).toBeInstanceOf(ProviderFailure);
    expect(error).toMatchObject({ provider: 'fake', reason: 'network' });
  });

  it.each([
    ['a score above 1', { ...verdict, scores: { hate: 2 } }],
    ['a score that is not a number', { ...verdict, scores: { hate: 'low' } }],
    ['no flagged value', { provider: 'fake', scores: {}, latencyMs: 1 }],
    ['nothing at all', undefined],
  ])('refuses a verdict with %s from a faulty provider', async (_label, bad) => {
    const inner: ModerationProvider = {
      name: 'fake',
      check: () => Promise.resolve(bad as unknown as ProviderVerdict),
    };
    const guarded = guardProvider(inner, options());

    expect(await reasonOf(guarded.check(request))).toBe('malformed_response');
  });

  it('refuses options that make no sense', () => {
    const inner = scripted(succeed);
    expect(() => guardProvider(inner, options({ timeoutMs: 0 }))).toThrow(RangeError);
    expect(() => guardProvider(inner, options({ failureThreshold: 0 }))).toThrow(RangeError);
    expect(() => guardProvider(inner, options({ failureThreshold: 1.5 }))).toThrow(RangeError);
    expect(() => guardProvider(inner, options({ cooldownMs: -1 }))).toThrow(RangeError);
  });
});

describe('the guard around a real provider and server', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.received.length = 0;
  });

  it('opens after N server errors, stops calling the server, and closes after a good trial', async () => {
    const time = clock();
    const guarded = guardProvider(
      openAiModerationProvider({ baseUrl: fake.url, apiKey: 'k' }),
      options({ failureThreshold: 2, cooldownMs: 10_000, now: time.now }),
    );
    fake.reply = () => ({ status: 500, text: 'down' });
    await reasonOf(guarded.check(request));
    await reasonOf(guarded.check(request));
    expect(await reasonOf(guarded.check(request))).toBe('circuit_open');
    expect(fake.received).toHaveLength(2);

    time.advance(10_000);
    fake.reply = () => ({
      json: {
        id: 'm',
        model: 'omni',
        results: [
          {
            flagged: false,
            categories: {},
            category_scores: { harassment: 0, hate: 0, violence: 0, 'self-harm': 0, sexual: 0 },
          },
        ],
      },
    });
    const result = await guarded.check(request);

    expect(result.flagged).toBe(false);
    expect(fake.received).toHaveLength(3);
    expect(guarded.state()).toBe('closed');
  });
});
