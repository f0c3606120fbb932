/**
 * Guild's provider for Azure AI Content Safety text analysis
 * (`POST /contentsafety/text:analyze`): asks for the four harm categories at four severity
 * levels (0, 2, 4, 6), turns each severity into a score of severity / 6 and maps the categories
 * onto Guild's.
 */
import type { Category } from '../moderation.types.js';
import {
  FLAG_THRESHOLD,
  ProviderFailure,
  type ModerationProvider,
  type ProviderRequest,
  type ProviderVerdict,
} from './provider.js';
import { checkBaseUrl, isObject, postJson } from './provider-http.js';

/** The API version Guild speaks. */
export const AZURE_API_VERSION = '2024-09-01';

/** Which Guild category each Azure category feeds. */
export const AZURE_CATEGORY_MAP: Readonly<Record<string, Category>> = {
  Hate: 'hate',
  SelfHarm: 'self_harm',
  Sexual: 'sexual',
  Violence: 'threat',
};

const MAPPING = new Map(Object.entries(AZURE_CATEGORY_MAP));
const ASKED = [...MAPPING.keys()];
const SEVERITIES = new Set([0, 2, 4, 6]);

export interface AzureContentSafetyOptions {
  /** The resource's endpoint from configuration, e.g. `https://<name>.cognitiveservices.azure.com`. */
  endpoint: string;
  apiKey: string;
  /** The provider's name in verdicts and failures; defaults to `azure_content_safety`. */
  name?: string;
}

/** A provider calling Azure AI Content Safety. Throws at once when an option is missing or bad. */
export function azureContentSafetyProvider(options: AzureContentSafetyOptions): ModerationProvider {
  const name = options.name ?? 'azure_content_safety';
  const url = `${checkBaseUrl(options.endpoint, name)}/contentsafety/text:analyze?api-version=${AZURE_API_VERSION}`;
  if (options.apiKey === '') {
    throw new Error(`the ${name} provider needs an API key`);
  }

  return {
    name,
    async check(request: ProviderRequest): Promise<ProviderVerdict> {
      const answer = await postJson({
        provider: name,
        url,
        headers: { 'ocp-apim-subscription-key': options.apiKey },
        body: { text: request.text, categories: ASKED, outputType: 'FourSeverityLevels' },
        signal: request.signal,
      });
      return { ...readAnalysis(answer.json, name), latencyMs: answer.latencyMs };
    },
  };
}

/**
 * Reads an Azure text analysis answer into a verdict (without latency). Every asked category
 * must be present with a severity of 0, 2, 4 or 6; categories Guild did not ask for are ignored.
 * Anything else throws `malformed_response`.
 */
export function readAnalysis(json: unknown, provider: string): Omit<ProviderVerdict, 'latencyMs'> {
  const malformed = (why: string) => new ProviderFailure(provider, 'malformed_response', why);
  if (!isObject(json) || !Array.isArray(json.categoriesAnalysis)) {
    throw malformed('the answer has no categoriesAnalysis list');
  }

  const scores: Partial<Record<Category, number>> = {};
  for (const entry of json.categoriesAnalysis as unknown[]) {
    if (!isObject(entry) || typeof entry.category !== 'string') {
      throw malformed('an analysis entry has no category');
    }
    const ours = MAPPING.get(entry.category);
    if (ours === undefined) {
      continue;
    }
    const severity = entry.severity;
    if (typeof severity !== 'number' || !SEVERITIES.has(severity)) {
      throw malformed(`the severity for ${entry.category} is not 0, 2, 4 or 6`);
    }
    scores[ours] = Math.max(scores[ours] ?? 0, severity / 6);
  }
  const missing = [...MAPPING].filter(([, ours]) => scores[ours] === undefined).map(([c]) => c);
  if (missing.length > 0) {
    throw malformed(`the answer has no severity for ${missing.join(', ')}`);
  }

  return {
    provider,
    scores,
    flagged: Object.values(scores).some((score) => score >= FLAG_THRESHOLD),
  };
}
