/**
 * SECURITY.md S26 for every Guild provider (the gate's side is in
 * test/security/s26-moderation-provider-failure.test.ts): each way a call can fail (server error, no answer,
 * bad JSON, JSON of the wrong shape, no connection) rejects with a `ProviderFailure` of the
 * right reason, both bare and behind the guard, and never resolves with a verdict.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { azureContentSafetyProvider } from './azure-content-safety.js';
import { guardProvider } from './guard.js';
import { openAiChatProvider } from './openai-chat.js';
import { openAiModerationProvider } from './openai-moderation.js';
import {
  ProviderFailure,
  type ModerationProvider,
  type ProviderFailureReason,
} from './provider.js';
import {
  closedAddress,
  rejectionOf,
  startFakeProvider,
  type FakeProvider,
  type Reply,
} from './test-support.js';

let fake: FakeProvider;
let nowhere: string;
beforeAll(async () => {
  fake = await startFakeProvider();
  nowhere = await closedAddress();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.received.length = 0;
});

const makers: [string, (baseUrl: string) => ModerationProvider][] = [
  ['openai moderation', (baseUrl) => openAiModerationProvider({ baseUrl, apiKey: 'k' })],
  ['openai chat', (baseUrl) => openAiChatProvider({ baseUrl, model: 'm' })],
  ['azure', (endpoint) => azureContentSafetyProvider({ endpoint, apiKey: 'k' })],
];

const replies: [string, Reply, ProviderFailureReason][] = [
  ['HTTP 500', { status: 500, json: { error: { message: 'boom' } } }, 'http_error'],
  ['HTTP 429', { status: 429, text: 'slow down' }, 'http_error'],
  ['a body that is not JSON', { text: '{"results": [' }, 'malformed_response'],
  ['an empty body', { text: '' }, 'malformed_response'],
  ['JSON of the wrong shape', { json: { ok: true } }, 'malformed_response'],
  ['JSON null', { json: null }, 'malformed_response'],
];

const TIMEOUT_MS = 200;

describe.each(makers)('S26 — moderation provider failure: the %s provider', (_label, make) => {
  it.each(replies)('rejects %s with the right reason', async (_what, reply, reason) => {
    fake.reply = () => reply;

    const error = await rejectionOf(make(fake.url).check({ text: 'hi', policy: 'p' }));

    expect(error).toBeInstanceOf(ProviderFailure);
    expect((error as ProviderFailure).reason).toBe(reason);
    expect(fake.received).toHaveLength(1);
  });

  it('rejects a refused connection as a network failure', async () => {
    const error = await rejectionOf(make(nowhere).check({ text: 'hi', policy: 'p' }));

    expect(error).toBeInstanceOf(ProviderFailure);
    expect((error as ProviderFailure).reason).toBe('network');
  });

  it('rejects as a timeout when the caller signal fires while the server hangs', async () => {
    fake.reply = () => 'hang';

    // The server never answers: only the signal can end the call (else the test times out).
    const error = await rejectionOf(
      make(fake.url).check({ text: 'hi', policy: 'p', signal: AbortSignal.timeout(TIMEOUT_MS) }),
    );

    expect(error).toBeInstanceOf(ProviderFailure);
    expect((error as ProviderFailure).reason).toBe('timeout');
  });

  it('rejects as a timeout behind the guard when the server hangs', async () => {
    fake.reply = () => 'hang';
    const guarded = guardProvider(make(fake.url), {
      timeoutMs: TIMEOUT_MS,
      failureThreshold: 5,
      cooldownMs: 1000,
    });

    // Only the guard's own timeout can end this call; the hanging server never answers.
    const error = await rejectionOf(guarded.check({ text: 'hi', policy: 'p' }));

    expect(error).toBeInstanceOf(ProviderFailure);
    expect((error as ProviderFailure).reason).toBe('timeout');
  });

  it('rejects every failure kind behind the guard too, ending in circuit_open', async () => {
    const guarded = guardProvider(make(fake.url), {
      timeoutMs: TIMEOUT_MS,
      failureThreshold: replies.length,
      cooldownMs: 60_000,
    });
    for (const [, reply, reason] of replies) {
      fake.reply = () => reply;
      const error = await rejectionOf(guarded.check({ text: 'hi', policy: 'p' }));
      expect(error).toBeInstanceOf(ProviderFailure);
      expect((error as ProviderFailure).reason).toBe(reason);
    }

    const error = await rejectionOf(guarded.check({ text: 'hi', policy: 'p' }));

    expect(error).toBeInstanceOf(ProviderFailure);
    expect((error as ProviderFailure).reason).toBe('circuit_open');
    expect(fake.received).toHaveLength(replies.length);
  });
});
