/**
 * Moderation, assembled once per process: the model store, the optional external provider
 * (from configuration, guarded by its timeout and circuit breaker) and the gate every item
 * passes. The composition root and the benchmarks build it here.
 */
import type { GuildConfig } from '../core/config/config.js';
import type { GuildLogger } from '../core/logging/logger.js';
import { ModerationGate } from './gate.js';
import { LiveModels } from './models.service.js';
import { createProvider } from './providers/create-provider.js';
import type { ModerationProvider } from './providers/provider.js';

export interface Moderation {
  gate: ModerationGate;
  models: LiveModels;
  provider: ModerationProvider | null;
}

/** Builds moderation from Guild's configuration. */
export function createModeration(
  config: Pick<GuildConfig, 'moderation'>,
  logger: GuildLogger,
  options: { random?: () => number } = {},
): Moderation {
  const settings = config.moderation;
  const provider = createProvider({
    kind: settings.provider,
    baseUrl: settings.providerUrl,
    apiKey: settings.providerKey,
    model: settings.providerModel,
    timeoutMs: settings.providerTimeoutMs,
    failureThreshold: settings.providerFailures,
    cooldownMs: settings.providerCooldownSeconds * 1000,
  });
  const models = new LiveModels();
  const gate = new ModerationGate({ models, provider, logger, random: options.random });
  return { gate, models, provider };
}
