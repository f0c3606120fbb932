/**
 * The one interface every external moderation provider in Guild speaks (a hosted classifier,
 * an LLM behind an OpenAI-compatible endpoint, Azure AI Content Safety), and the single error
 * they raise. Requirement S26: a provider that could not give a real answer throws
 * `ProviderFailure`; it never returns a verdict that would read as "clean".
 */
import type { Category } from '../moderation.types.js';

/** What one provider said about one text. */
export interface ProviderVerdict {
  /** The provider's stable name, e.g. `openai_moderation`. */
  provider: string;
  /** Scores in [0, 1] for the Guild categories the provider speaks to; missing means "no opinion". */
  scores: Partial<Record<Category, number>>;
  /** Whether the provider itself considers the text harmful. */
  flagged: boolean;
  /** Milliseconds from sending the request to holding the parsed answer. */
  latencyMs: number;
  /** The model that answered, when the provider says. */
  model?: string;
  /** A short reason in plain words, when the provider gives one (LLM providers). */
  explanation?: string;
}

/** One text to check. */
export interface ProviderRequest {
  /** The member's text exactly as written. */
  text: string;
  /** The tenant's policy in plain words, used in LLM prompts; other providers ignore it. */
  policy: string;
  /** Cancels the call; the provider then rejects with a `ProviderFailure`. */
  signal?: AbortSignal;
}

/** An external service that scores a text against Guild's categories. */
export interface ModerationProvider {
  readonly name: string;
  /** Scores `request.text`; rejects with `ProviderFailure` on any failure, never resolves clean by default. */
  check(request: ProviderRequest): Promise<ProviderVerdict>;
}

/** Why a provider gave no verdict. */
export type ProviderFailureReason =
  'timeout' | 'http_error' | 'malformed_response' | 'network' | 'circuit_open';

/** The only error a provider (or its guard) rejects with. Its message never holds an answer body or a key. */
export class ProviderFailure extends Error {
  override readonly name = 'ProviderFailure';
  readonly reason: ProviderFailureReason;
  /** The HTTP status, for `http_error`. */
  readonly status?: number;
  /** The name of the provider that failed. */
  readonly provider: string;

  constructor(
    provider: string,
    reason: ProviderFailureReason,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(`${provider}: ${message}`, options.cause === undefined ? {} : { cause: options.cause });
    this.provider = provider;
    this.reason = reason;
    if (options.status !== undefined) {
      this.status = options.status;
    }
  }
}

/** A score at or above this counts as flagged for providers that give no flag of their own. */
export const FLAG_THRESHOLD = 0.5;
