/**
 * Tests for building Guild's moderation provider from settings: `off`, clear errors for missing
 * settings, and each kind calling the right API on a fake server on 127.0.0.1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProvider, type ProviderSettings } from './create-provider.js';
import { LLM_CATEGORIES } from './openai-chat.js';
import { startFakeProvider, type FakeProvider } from './test-support.js';

// Generous: these tests check wiring, not speed, and a loaded machine answers slowly.
const limits = { timeoutMs: 5000, failureThreshold: 3, cooldownMs: 1000 };

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

describe('createProvider', () => {
  it('returns null when external moderation is off', () => {
    expect(createProvider({ kind: 'off', ...limits })).toBeNull();
  });

  it.each([
    [{ kind: 'openai', apiKey: 'k' }, 'the openai provider needs a base URL'],
    [{ kind: 'openai', baseUrl: '  ', apiKey: 'k' }, 'the openai provider needs a base URL'],
    [{ kind: 'openai_compatible', model: 'm' }, 'the OpenAI-compatible provider needs a base URL'],
    [{ kind: 'azure', apiKey: 'k' }, 'the azure provider needs a base URL'],
    [{ kind: 'openai', baseUrl: 'http://127.0.0.1:1' }, 'the openai provider needs an API key'],
    [{ kind: 'azure', baseUrl: 'http://127.0.0.1:1' }, 'the azure provider needs an API key'],
    [
      { kind: 'openai_compatible', baseUrl: 'http://127.0.0.1:1' },
      'the OpenAI-compatible provider needs a model',
    ],
    [{ kind: 'openai', baseUrl: 'http://169.254.169.254', apiKey: 'k' }, 'link-local'],
    [{ kind: 'perspective', baseUrl: 'http://127.0.0.1:1' }, 'unknown moderation provider kind'],
  ])('refuses %j with a clear message', (partial, message) => {
    const settings = { ...limits, ...partial } as ProviderSettings;
    expect(() => createProvider(settings)).toThrow(message);
  });

  it('refuses a guard setting that makes no sense', () => {
    expect(() =>
      createProvider({ kind: 'azure', baseUrl: fake.url, apiKey: 'k', ...limits, timeoutMs: 0 }),
    ).toThrow(RangeError);
  });

  it('builds a guarded OpenAI moderation provider that calls the configured address', async () => {
    fake.reply = () => ({
      json: {
        id: 'x',
        model: 'omni',
        results: [
          {
            flagged: true,
            categories: {},
            category_scores: { harassment: 0.9, hate: 0, violence: 0, 'self-harm': 0, sexual: 0 },
          },
        ],
      },
    });
    const provider = createProvider({ kind: 'openai', baseUrl: fake.url, apiKey: 'k', ...limits });

    const verdict = await provider!.check({ text: 'x', policy: 'p' });

    expect(provider!.state()).toBe('closed');
    expect(fake.received[0]!.url).toBe('/v1/moderations');
    expect(verdict.scores.harassment).toBe(0.9);
  });

  it('builds a guarded chat provider with the configured model and no key', async () => {
    const scores = Object.fromEntries(Object.keys(LLM_CATEGORIES).map((c) => [c, 0]));
    fake.reply = () => ({
      json: { model: 'qwen', choices: [{ message: { content: JSON.stringify({ scores }) } }] },
    });
    const provider = createProvider({
      kind: 'openai_compatible',
      baseUrl: fake.url,
      model: 'qwen',
      ...limits,
    });

    const verdict = await provider!.check({ text: 'x', policy: 'p' });

    expect(fake.received[0]!.url).toBe('/v1/chat/completions');
    expect(fake.received[0]!.headers.authorization).toBeUndefined();
    expect(fake.lastJson()).toMatchObject({ model: 'qwen' });
    expect(verdict.flagged).toBe(false);
  });

  it('builds a guarded Azure provider on the configured endpoint', async () => {
    fake.reply = () => ({
      json: {
        categoriesAnalysis: ['Hate', 'SelfHarm', 'Sexual', 'Violence'].map((category) => ({
          category,
          severity: 0,
        })),
      },
    });
    const provider = createProvider({ kind: 'azure', baseUrl: fake.url, apiKey: 'az', ...limits });

    await provider!.check({ text: 'x', policy: 'p' });

    expect(fake.received[0]!.url).toMatch(/^\/contentsafety\/text:analyze\?/);
    expect(fake.received[0]!.headers['ocp-apim-subscription-key']).toBe('az');
  });
});
