/**
 * Builds Guild's external moderation provider from plain settings (as read from configuration):
 * nothing when moderation by an external provider is off, otherwise the chosen provider wrapped
 * in its timeout and circuit breaker. There are no default addresses: the base URL always comes
 * from the settings.
 */
import { azureContentSafetyProvider } from './azure-content-safety.js';
import { guardProvider, type GuardedProvider } from './guard.js';
import { openAiChatProvider } from './openai-chat.js';
import { openAiModerationProvider } from './openai-moderation.js';
import type { ModerationProvider } from './provider.js';

export type ProviderKind = 'off' | 'openai' | 'openai_compatible' | 'azure';

export interface ProviderSettings {
  kind: ProviderKind;
  /** The provider's address (for Azure, the resource endpoint). Required unless `off`. */
  baseUrl?: string;
  /** Required for `openai` and `azure`; optional for `openai_compatible`. */
  apiKey?: string;
  /** Required for `openai_compatible`; `openai` defaults to `omni-moderation-latest`. */
  model?: string;
  timeoutMs: number;
  failureThreshold: number;
  cooldownMs: number;
}

const LABELS: Record<Exclude<ProviderKind, 'off'>, string> = {
  openai: 'openai',
  openai_compatible: 'OpenAI-compatible',
  azure: 'azure',
};

/**
 * The guarded provider the settings describe, or `null` for `off`. Throws an `Error` saying
 * which setting is missing or wrong.
 */
export function createProvider(settings: ProviderSettings): GuardedProvider | null {
  if (settings.kind === 'off') {
    return null;
  }
  const label = LABELS[settings.kind] as string | undefined;
  if (label === undefined) {
    throw new Error(`unknown moderation provider kind "${String(settings.kind)}"`);
  }
  const baseUrl = present(settings.baseUrl);
  if (baseUrl === undefined) {
    throw new Error(`the ${label} provider needs a base URL`);
  }
  const apiKey = present(settings.apiKey);
  const model = present(settings.model);

  let provider: ModerationProvider;
  switch (settings.kind) {
    case 'openai':
      if (apiKey === undefined) {
        throw new Error('the openai provider needs an API key');
      }
      provider = openAiModerationProvider({ baseUrl, apiKey, model });
      break;
    case 'openai_compatible':
      if (model === undefined) {
        throw new Error('the OpenAI-compatible provider needs a model');
      }
      provider = openAiChatProvider({ baseUrl, apiKey, model });
      break;
    case 'azure':
      if (apiKey === undefined) {
        throw new Error('the azure provider needs an API key');
      }
      provider = azureContentSafetyProvider({ endpoint: baseUrl, apiKey });
      break;
  }

  return guardProvider(provider, {
    timeoutMs: settings.timeoutMs,
    failureThreshold: settings.failureThreshold,
    cooldownMs: settings.cooldownMs,
  });
}

/** The value with surrounding spaces removed, or undefined when nothing is left. */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
