/**
 * Tests for Guild's Azure AI Content Safety provider against a fake endpoint on 127.0.0.1: the
 * request, severity-to-score mapping, and refusal of answers of the wrong shape.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { azureContentSafetyProvider } from './azure-content-safety.js';
import { ProviderFailure } from './provider.js';
import { rejectionOf, startFakeProvider, type FakeProvider } from './test-support.js';

function analysis(severities: Record<string, unknown>): unknown {
  return {
    blocklistsMatch: [],
    categoriesAnalysis: Object.entries(severities).map(([category, severity]) => ({
      category,
      severity,
    })),
  };
}

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

const request = { text: 'some member text', policy: 'ignored here' };

describe('the Azure AI Content Safety provider', () => {
  it('posts the text with the subscription key and maps severities onto Guild scores', async () => {
    fake.reply = () => ({ json: analysis({ Hate: 2, SelfHarm: 0, Sexual: 6, Violence: 4 }) });
    const provider = azureContentSafetyProvider({ endpoint: `${fake.url}/`, apiKey: 'az-key' });

    const verdict = await provider.check(request);

    const received = fake.received[0]!;
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/contentsafety/text:analyze?api-version=2024-09-01');
    expect(received.headers['ocp-apim-subscription-key']).toBe('az-key');
    expect(received.headers.authorization).toBeUndefined();
    expect(fake.lastJson()).toEqual({
      text: request.text,
      categories: ['Hate', 'SelfHarm', 'Sexual', 'Violence'],
      outputType: 'FourSeverityLevels',
    });
    expect(verdict).toMatchObject({ provider: 'azure_content_safety', flagged: true });
    expect(verdict.scores).toEqual({ hate: 2 / 6, self_harm: 0, sexual: 1, threat: 4 / 6 });
  });

  it('is not flagged at low severity, and ignores categories Guild did not ask for', async () => {
    fake.reply = () => ({
      json: analysis({ Hate: 2, SelfHarm: 2, Sexual: 0, Violence: 0, Jailbreak: 6 }),
    });
    const provider = azureContentSafetyProvider({ endpoint: fake.url, apiKey: 'k' });

    const verdict = await provider.check(request);

    expect(verdict.flagged).toBe(false);
    expect(Object.keys(verdict.scores).sort()).toEqual(['hate', 'self_harm', 'sexual', 'threat']);
  });

  it.each([
    ['no categoriesAnalysis list', { blocklistsMatch: [] }],
    [
      'a severity between the four levels',
      analysis({ Hate: 3, SelfHarm: 0, Sexual: 0, Violence: 0 }),
    ],
    ['a severity above 6', analysis({ Hate: 7, SelfHarm: 0, Sexual: 0, Violence: 0 })],
    ['a severity given as text', analysis({ Hate: '2', SelfHarm: 0, Sexual: 0, Violence: 0 })],
    ['a category left out', analysis({ Hate: 0, SelfHarm: 0, Sexual: 0 })],
    ['an entry without a category', { categoriesAnalysis: [{ severity: 2 }] }],
    ['an empty list', analysis({})],
  ])('refuses an answer with %s as malformed', async (_label, json) => {
    fake.reply = () => ({ json });
    const provider = azureContentSafetyProvider({ endpoint: fake.url, apiKey: 'k' });

    const error = await rejectionOf(provider.check(request));

    expect(error).toBeInstanceOf(ProviderFailure);
    expect(error).toMatchObject({ reason: 'malformed_response', provider: 'azure_content_safety' });
  });

  it('needs an API key', () => {
    expect(() => azureContentSafetyProvider({ endpoint: fake.url, apiKey: '' })).toThrow(
      /needs an API key/,
    );
  });
});
