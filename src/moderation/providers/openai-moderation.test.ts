/**
 * Tests for Guild's OpenAI moderation provider against a fake provider on 127.0.0.1: the request
 * it sends, how OpenAI's categories fold onto Guild's, and that bad answers are failures.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAiModerationProvider } from './openai-moderation.js';
import { ProviderFailure } from './provider.js';
import { rejectionOf, startFakeProvider, type FakeProvider } from './test-support.js';

const SCORES = {
  harassment: 0.25,
  'harassment/threatening': 0.1,
  hate: 0.05,
  'hate/threatening': 0.6,
  illicit: 0.9,
  'illicit/violent': 0.9,
  'self-harm': 0.01,
  'self-harm/intent': 0.2,
  'self-harm/instructions': 0.03,
  sexual: 0.4,
  'sexual/minors': 0.02,
  violence: 0.3,
  'violence/graphic': 0.95,
};

function answer(categoryScores: unknown = SCORES, flagged: unknown = true): unknown {
  return {
    id: 'modr-1',
    model: 'omni-moderation-2024-09-26',
    results: [{ flagged, categories: {}, category_scores: categoryScores }],
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

const request = { text: 'you are all terrible', policy: 'Be kind.' };

describe('the OpenAI moderation provider', () => {
  it('posts the text with the key and model, and maps the scores onto Guild categories', async () => {
    fake.reply = () => ({ json: answer() });
    const provider = openAiModerationProvider({
      baseUrl: fake.url,
      apiKey: 'sk-test',
      model: 'omni-moderation-latest',
    });

    const verdict = await provider.check(request);

    expect(fake.received).toHaveLength(1);
    const received = fake.received[0]!;
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/v1/moderations');
    expect(received.headers.authorization).toBe('Bearer sk-test');
    expect(received.headers['content-type']).toBe('application/json');
    expect(fake.lastJson()).toEqual({ model: 'omni-moderation-latest', input: request.text });

    expect(verdict).toMatchObject({
      provider: 'openai_moderation',
      flagged: true,
      model: 'omni-moderation-2024-09-26',
    });
    // threat takes the highest of harassment/threatening, violence and hate/threatening;
    // self_harm and sexual the highest of their sub-categories; illicit and graphic violence are unused.
    expect(verdict.scores).toEqual({
      harassment: 0.25,
      threat: 0.6,
      hate: 0.05,
      self_harm: 0.2,
      sexual: 0.4,
    });
    expect(verdict.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('asks for omni-moderation-latest when no model is set, and keeps a path in the base URL', async () => {
    fake.reply = () => ({ json: answer(SCORES, false) });
    const provider = openAiModerationProvider({ baseUrl: `${fake.url}/proxy/`, apiKey: 'k' });

    const verdict = await provider.check(request);

    expect(fake.received[0]!.url).toBe('/proxy/v1/moderations');
    expect(fake.lastJson()).toMatchObject({ model: 'omni-moderation-latest' });
    expect(verdict.flagged).toBe(false);
  });

  it.each([
    ['no results list', { id: 'x', model: 'm' }],
    ['an empty results list', { id: 'x', model: 'm', results: [] }],
    ['no flagged value', answer(SCORES, 'yes')],
    ['no category scores', answer(null)],
    ['a score above 1', answer({ ...SCORES, hate: 1.5 })],
    ['a negative score', answer({ ...SCORES, sexual: -0.1 })],
    ['a score given as text', answer({ ...SCORES, harassment: '0.2' })],
    ['a Guild category left without any score', answer({ harassment: 0.1, hate: 0.1 })],
    ['a JSON array', [1, 2, 3]],
  ])('refuses an answer with %s as malformed', async (_label, json) => {
    fake.reply = () => ({ json });
    const provider = openAiModerationProvider({ baseUrl: fake.url, apiKey: 'k' });

    const error = await rejectionOf(provider.check(request));

    expect(error).toBeInstanceOf(ProviderFailure);
    expect(error).toMatchObject({ reason: 'malformed_response', provider: 'openai_moderation' });
  });

  it('reports the status of a non-2xx answer, and not the answer body', async () => {
    fake.reply = () => ({ status: 401, text: 'secret detail from the server' });
    const provider = openAiModerationProvider({ baseUrl: fake.url, apiKey: 'k' });

    const error = await rejectionOf(provider.check(request));

    expect(error).toBeInstanceOf(ProviderFailure);
    expect(error).toMatchObject({ reason: 'http_error', status: 401 });
    expect((error as Error).message).not.toContain('secret detail');
  });

  it('treats a redirect as an HTTP error rather than following it', async () => {
    fake.reply = () => ({ status: 302, text: '' });
    const provider = openAiModerationProvider({ baseUrl: fake.url, apiKey: 'k' });

    const error = await rejectionOf(provider.check(request));

    expect(error).toMatchObject({ reason: 'http_error', status: 302 });
    expect(fake.received).toHaveLength(1);
  });

  it('refuses missing or unsafe settings before any call', () => {
    expect(() => openAiModerationProvider({ baseUrl: fake.url, apiKey: '' })).toThrow(
      /needs an API key/,
    );
    for (const baseUrl of [
      'not a url',
      'ftp://127.0.0.1/',
      'http://user:pw@127.0.0.1/',
      'http://169.254.169.254/',
      'http://[fe80::1]/',
      'http://127.0.0.1/?x=1',
    ]) {
      expect(() => openAiModerationProvider({ baseUrl, apiKey: 'k' })).toThrow(/base URL/);
    }
    expect(fake.received).toHaveLength(0);
  });
});
