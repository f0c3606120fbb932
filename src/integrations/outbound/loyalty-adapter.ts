/**
 * The loyalty adapter: how Guild talks to a retailer's loyalty program, through one generic
 * REST shape (docs/API.md, "Loyalty adapter"). A program with another shape sits behind a
 * small bridge that speaks this one.
 *
 *   POST {api_url}/accounts/{loyaltyId}/credits   {points, reason, reference}
 *   POST {api_url}/accounts/{loyaltyId}/debits    {points, reason, reference}
 *   GET  {api_url}/accounts/{loyaltyId}/balance → {balance}
 *
 * Every call carries `Authorization: Bearer {api_key}`; credits and debits also carry an
 * `Idempotency-Key` that stays the same on every retry, so the program applies each once.
 */
import { LOYALTY_TOPICS, type LoyaltyPayload, type LoyaltyTopic } from './outbound-topics.js';
import { callPartner, type PartnerRequest } from './partner-http.js';

/** Where a loyalty program answers: an integration source of kind `loyalty`. */
export interface LoyaltyProgram {
  apiUrl: string;
  apiKey: string | null;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Raised when the program cannot say a balance. */
export class LoyaltyCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'LoyaltyCallError';
  }
}

function accountUrl(program: LoyaltyProgram, loyaltyId: string, leaf: string): string {
  const base = program.apiUrl.replace(/\/+$/, '');
  return `${base}/accounts/${encodeURIComponent(loyaltyId)}/${leaf}`;
}

function authorization(program: LoyaltyProgram): Record<string, string> {
  return program.apiKey ? { authorization: `Bearer ${program.apiKey}` } : {};
}

/**
 * The call that carries out a `loyalty.credit` or `loyalty.debit` event.
 * @param idempotencyKey the delivery's id: the same on every retry of the same change
 */
export function pointsCall(
  program: LoyaltyProgram,
  topic: LoyaltyTopic,
  payload: LoyaltyPayload,
  idempotencyKey: string,
): { url: string; request: PartnerRequest } {
  const { loyaltyId, points, reason, reference } = payload;
  return {
    url: accountUrl(program, loyaltyId, LOYALTY_TOPICS[topic]),
    request: {
      method: 'POST',
      headers: {
        ...authorization(program),
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify({ points, reason, reference }),
    },
  };
}

/**
 * A customer's points balance as the loyalty program knows it now.
 * @param options.timeoutMs pass `config.delivery.timeoutMs` (10 s when left out)
 * @throws LoyaltyCallError when the program does not answer 2xx with `{ balance: number }`
 */
export async function loyaltyBalance(
  program: LoyaltyProgram,
  loyaltyId: string,
  options: { timeoutMs?: number } = {},
): Promise<number> {
  const url = accountUrl(program, loyaltyId, 'balance');
  const request: PartnerRequest = {
    method: 'GET',
    headers: { ...authorization(program), accept: 'application/json' },
  };
  const outcome = await callPartner(url, request, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, true);
  if (!outcome.ok) {
    throw new LoyaltyCallError(`Loyalty balance failed: ${outcome.error}`, outcome.status);
  }

  let answer: unknown;
  try {
    answer = JSON.parse(outcome.text ?? '');
  } catch {
    answer = null;
  }
  const balance = (answer as { balance?: unknown } | null)?.balance;
  if (typeof balance !== 'number' || !Number.isFinite(balance)) {
    throw new LoyaltyCallError(
      'Loyalty balance failed: the answer has no numeric balance',
      outcome.status,
    );
  }
  return balance;
}
