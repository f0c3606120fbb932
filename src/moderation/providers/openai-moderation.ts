/**
 * Guild's provider for the OpenAI moderation API (`POST /v1/moderations`): sends the member's
 * text, checks the answer's shape strictly, and folds OpenAI's categories onto Guild's.
 */
import type { Category } from '../moderation.types.js';
import {
  ProviderFailure,
  type ModerationProvider,
  type ProviderRequest,
  type ProviderVerdict,
} from './provider.js';
import { checkBaseUrl, isObject, isUnitScore, postJson } from './provider-http.js';

/** The model asked for when the settings name none. */
export const DEFAULT_OPENAI_MODERATION_MODEL = 'omni-moderation-latest';

/** Which Guild category each OpenAI category feeds; where several feed one, the highest wins. */
export const OPENAI_CATEGORY_MAP: Readonly<Record<string, Category>> = {
  harassment: 'harassment',
  'harassment/threatening': 'threat',
  violence: 'threat',
  'hate/threatening': 'threat',
  hate: 'hate',
  'self-harm': 'self_harm',
  'self-harm/intent': 'self_harm',
  'self-harm/instructions': 'self_harm',
  sexual: 'sexual',
  'sexual/minors': 'sexual',
};

/** Every Guild category the answer must speak to; an answer missing one is malformed. */
const REQUIRED: readonly Category[] = ['harassment', 'threat', 'hate', 'self_harm', 'sexual'];

export interface OpenAiModerationOptions {
  /** Where the API lives, e.g. from configuration; `/v1/moderations` is appended. */
  baseUrl: string;
  apiKey: string;
  /** Defaults to `omni-moderation-latest`. */
  model?: string;
  /** The provider's name in verdicts and failures; defaults to `openai_moderation`. */
  name?: string;
}

/** A provider calling the OpenAI moderation API. Throws at once when an option is missing or bad. */
export function openAiModerationProvider(options: OpenAiModerationOptions): ModerationProvider {
  const name = options.name ?? 'openai_moderation';
  const url = `${checkBaseUrl(options.baseUrl, name)}/v1/moderations`;
  if (options.apiKey === '') {
    throw new Error(`the ${name} provider needs an API key`);
  }
  const model = options.model ?? DEFAULT_OPENAI_MODERATION_MODEL;

  return {
    name,
    async check(request: ProviderRequest): Promise<ProviderVerdict> {
      const answer = await postJson({
        provider: name,
        url,
        headers: { authorization: `Bearer ${options.apiKey}` },
        body: { model, input: request.text },
        signal: request.signal,
      });
      const verdict = readModeration(answer.json, name);
      return { ...verdict, model: verdict.model ?? model, latencyMs: answer.latencyMs };
    },
  };
}

/**
 * Reads an OpenAI moderation answer into a verdict (without latency). Throws
 * `malformed_response` for anything but the documented shape.
 */
export function readModeration(
  json: unknown,
  provider: string,
): Omit<ProviderVerdict, 'latencyMs'> {
  const malformed = (why: string) => new ProviderFailure(provider, 'malformed_response', why);
  if (!isObject(json) || !Array.isArray(json.results)) {
    throw malformed('the answer has no results list');
  }
  const result: unknown = json.results[0];
  if (!isObject(result)) {
    throw malformed('the answer has no result');
  }
  if (typeof result.flagged !== 'boolean') {
    throw malformed('the result has no flagged value');
  }
  const categoryScores = result.category_scores;
  if (!isObject(categoryScores)) {
    throw malformed('the result has no category scores');
  }

  const scores: Partial<Record<Category, number>> = {};
  for (const [theirs, ours] of Object.entries(OPENAI_CATEGORY_MAP)) {
    if (!Object.hasOwn(categoryScores, theirs)) {
      continue;
    }
    const score = categoryScores[theirs];
    if (!isUnitScore(score)) {
      throw malformed(`the score for ${theirs} is not a number in [0, 1]`);
    }
    scores[ours] = Math.max(scores[ours] ?? 0, score);
  }
  const missing = REQUIRED.filter((category) => scores[category] === undefined);
  if (missing.length > 0) {
    throw malformed(`the answer has no score for ${missing.join(', ')}`);
  }

  const verdict: Omit<ProviderVerdict, 'latencyMs'> = {
    provider,
    scores,
    flagged: result.flagged,
  };
  if (typeof json.model === 'string') {
    verdict.model = json.model;
  }
  return verdict;
}
