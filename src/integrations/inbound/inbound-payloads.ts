/**
 * What partners may send to `POST /integrations/<source>/webhooks`: the envelope
 * `{ id, topic, occurred_at, data }` and, for each topic Guild handles, the shape of `data`.
 * Everything is checked here, once the signature is verified and before anything is stored, and
 * turned into the typed records the writers take (amounts as exact minor units, e-mail
 * addresses with their matching key). A stored payload is read through the same functions again
 * when it is processed.
 *
 * Fields Guild does not know are allowed and ignored, so a partner can send more than Guild
 * reads.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { fail, type GuildError } from '../../core/errors/errors.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import { currencyDigits } from '../import/presets.js';
import type { Customer, LineKind, Mention } from '../import/presets.js';
import {
  parseEmail,
  toMinorUnits,
  type EmailAddress,
  type ExactDecimal,
} from '../import/values.js';
import { LINE_KINDS } from '../integrations.table.js';
import type { OrderTotals } from '../records/order-rows.js';

export const INBOUND_TOPICS = [
  'customer.upsert',
  'order.created',
  'order.paid',
  'order.refunded',
  'loyalty.account',
  'loyalty.points',
  'mention.created',
] as const;
export type InboundTopic = (typeof INBOUND_TOPICS)[number];

export function isInboundTopic(topic: string): topic is InboundTopic {
  return (INBOUND_TOPICS as readonly string[]).includes(topic);
}

// ---------------------------------------------------------------------------------------------
// Schemas

/** An external id: kept exactly as sent (leading zeros too), without control characters. */
const Id = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\u0000-\\u001F\\u007F]+$' });
const Time = Type.String({ format: 'date-time', maxLength: 64 });
/** A non-negative decimal amount written as a string, e.g. "12.50" (never a JSON number). */
const Amount = Type.String({ pattern: '^\\d{1,14}(\\.\\d{1,6})?$' });
const Text = (maxLength: number) => Type.String({ maxLength });
const Optional = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));
const Points = Type.Integer({ minimum: -1e12, maximum: 1e12 });

const EnvelopeSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]+$' }),
  topic: Type.String({ minLength: 1, maxLength: 100 }),
  occurred_at: Time,
  data: Type.Object({}),
});

const CustomerSchema = Type.Object({
  external_id: Optional(Id),
  email: Optional(Text(254)),
  first_name: Optional(Text(200)),
  last_name: Optional(Text(200)),
  region: Optional(Text(100)),
  country: Optional(Text(100)),
  consent: Optional(
    Type.Object({ email: Optional(Type.Boolean()), sms: Optional(Type.Boolean()) }),
  ),
  loyalty_id: Optional(Id),
});

const OrderLineSchema = Type.Object({
  line_id: Optional(Id),
  sku: Id,
  description: Optional(Text(1000)),
  kind: Type.Optional(StringEnum(LINE_KINDS)),
  quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  unit_price: Amount,
  discount: Optional(Amount),
});

const OrderSchema = Type.Object({
  external_id: Id,
  customer_external_id: Optional(Id),
  email: Optional(Text(254)),
  placed_at: Time,
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  country: Optional(Text(100)),
  financial_status: Optional(Text(40)),
  totals: Optional(
    Type.Object({
      subtotal: Optional(Amount),
      shipping: Optional(Amount),
      taxes: Optional(Amount),
      discount: Optional(Amount),
      total: Optional(Amount),
    }),
  ),
  lines: Type.Array(OrderLineSchema, { minItems: 1, maxItems: 1000 }),
});

const RefundSchema = Type.Object({
  refund_id: Id,
  order_external_id: Id,
  refunded_at: Time,
  lines: Type.Optional(
    Type.Array(
      Type.Object({ sku: Id, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
      { minItems: 1, maxItems: 1000 },
    ),
  ),
  amount: Optional(Amount),
});

const LoyaltyAccountSchema = Type.Object({
  loyalty_id: Id,
  customer_external_id: Optional(Id),
  tier: Optional(Type.String({ minLength: 1, maxLength: 40 })),
  points_balance: Points,
});

const LOYALTY_KINDS = ['earn', 'redeem', 'adjust', 'expire'] as const;

const LoyaltyPointsSchema = Type.Object({
  event_id: Id,
  loyalty_id: Id,
  kind: StringEnum(LOYALTY_KINDS),
  points: Points,
  order_external_id: Optional(Id),
  occurred_at: Time,
  reason: Optional(Text(500)),
});

const MentionSchema = Type.Object({
  platform: Type.String({ minLength: 1, maxLength: 40 }),
  external_id: Id,
  author_handle: Optional(Text(100)),
  text: Type.String({ minLength: 1, maxLength: 20_000 }),
  posted_at: Time,
  reach: Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  sentiment: Optional(StringEnum(['negative', 'neutral', 'positive'] as const)),
  brand: Optional(Text(200)),
});

const envelopeCheck = Compile(EnvelopeSchema);
const checks = {
  customer: Compile(CustomerSchema),
  order: Compile(OrderSchema),
  refund: Compile(RefundSchema),
  loyaltyAccount: Compile(LoyaltyAccountSchema),
  loyaltyPoints: Compile(LoyaltyPointsSchema),
  mention: Compile(MentionSchema),
};

// ---------------------------------------------------------------------------------------------
// Typed results

export interface Envelope {
  id: string;
  topic: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

export interface WebhookOrderLine {
  lineId: string | null;
  sku: string;
  description: string | null;
  kind: LineKind;
  quantity: number;
  /** The exact unit price, without trailing zeros ("12.5"). */
  unitPrice: string;
  unitPriceMinor: bigint;
  discountMinor: bigint | null;
}

export interface WebhookOrder {
  externalId: string;
  customerExternalId: string | null;
  email: EmailAddress | null;
  placedAt: Date;
  currency: string;
  country: string | null;
  financialStatus: string | null;
  totals: OrderTotals | null;
  lines: WebhookOrderLine[];
}

export interface WebhookRefund {
  refundId: string;
  orderExternalId: string;
  refundedAt: Date;
  /** Quantities refunded per SKU; null refunds every line of the order. */
  lines: { sku: string; quantity: number }[] | null;
  /** The amount refunded, exact, in the order's currency (converted once the order is known). */
  amount: ExactDecimal | null;
}

export interface LoyaltyAccountSnapshot {
  loyaltyId: string;
  customerExternalId: string | null;
  tier: string | null;
  pointsBalance: number;
}

export interface LoyaltyPoints {
  eventId: string;
  loyaltyId: string;
  kind: (typeof LOYALTY_KINDS)[number];
  /** The change to the balance: positive for earn, negative for redeem and expire. */
  points: number;
  orderExternalId: string | null;
  occurredAt: Date;
  reason: string | null;
}

export type InboundEvent =
  | { topic: 'customer.upsert'; customer: Customer }
  | { topic: 'order.created' | 'order.paid'; order: WebhookOrder }
  | { topic: 'order.refunded'; refund: WebhookRefund }
  | { topic: 'loyalty.account'; account: LoyaltyAccountSnapshot }
  | { topic: 'loyalty.points'; points: LoyaltyPoints }
  | { topic: 'mention.created'; mention: Mention };

// ---------------------------------------------------------------------------------------------
// Reading

interface Problem {
  where: 'body';
  path: string;
  message: string;
}

function invalid(problems: Problem[]): GuildError {
  return fail.validation('The webhook payload is not valid.', { problems });
}

function problemsOf(validator: Validator, value: unknown, prefix: string): Problem[] {
  return validator
    .Errors(value)
    .filter((error) => error.keyword !== 'boolean')
    .flatMap((error): Problem[] => {
      const at = `${prefix}${error.instancePath}`;
      const missing = (error.params as { requiredProperties?: unknown }).requiredProperties;
      if (error.keyword === 'required' && Array.isArray(missing)) {
        // One problem per missing field, at the field's own path.
        return missing.map((name) => ({
          where: 'body',
          path: `${at}/${String(name)}`,
          message: 'is required',
        }));
      }
      return [{ where: 'body', path: at || '/', message: error.message }];
    })
    .slice(0, 20);
}

function checked<T extends TSchema>(
  validator: Validator<Record<string, never>, T>,
  value: unknown,
  prefix: string,
): Static<T> {
  if (!validator.Check(value)) {
    throw invalid(problemsOf(validator, value, prefix));
  }
  return value;
}

/** True when any string in `value` (keys too) holds U+0000, which PostgreSQL cannot store. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') {
    return value.includes('\u0000');
  }
  if (Array.isArray(value)) {
    return value.some(holdsNul);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner));
  }
  return false;
}

/**
 * Parses a verified body as JSON and checks the envelope.
 * @returns the envelope and the parsed body, to be stored as the event's payload
 * @throws GuildError `validation_failed` with the problems in `details`
 */
export function readEnvelope(rawBody: Buffer): { envelope: Envelope; payload: object } {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw invalid([{ where: 'body', path: '/', message: 'is not JSON' }]);
  }
  if (holdsNul(body)) {
    throw invalid([{ where: 'body', path: '/', message: 'may not contain NUL characters' }]);
  }
  const parsed = checked(envelopeCheck, body, '');
  return {
    envelope: {
      id: parsed.id,
      topic: parsed.topic,
      occurredAt: new Date(parsed.occurred_at),
      data: parsed.data as Record<string, unknown>,
    },
    payload: body as object,
  };
}

const nullable = <T>(value: T | null | undefined): T | null => value ?? null;

/** "12.50" → { units: 1250n, scale: 2 }; the schema has checked the shape. */
function exactOf(text: string): ExactDecimal {
  const [whole = '0', fraction = ''] = text.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

/** "012.500" → "12.5": one spelling per amount, so a line's content key is stable. */
function normalAmount(text: string): string {
  const [whole = '0', fraction = ''] = text.split('.');
  const integer = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  return decimals === '' ? integer : `${integer}.${decimals}`;
}

function minor(text: string, digits: number, path: string, rounding: 'reject' | 'half-even') {
  const result = toMinorUnits(exactOf(text), digits, rounding);
  if (!result.ok) {
    throw invalid([{ where: 'body', path, message: result.reason }]);
  }
  return result.value;
}

function emailAt(text: string | null | undefined, path: string): EmailAddress | null {
  if (text === null || text === undefined || text.trim() === '') {
    return null;
  }
  const result = parseEmail(text);
  if (!result.ok) {
    throw invalid([{ where: 'body', path, message: result.reason }]);
  }
  return result.value;
}

function digitsOf(currency: string, path: string): number {
  try {
    return currencyDigits(currency);
  } catch {
    throw invalid([{ where: 'body', path, message: 'is not a currency code' }]);
  }
}

function readCustomer(data: unknown): Customer {
  const input = checked(checks.customer, data, '/data');
  const email = emailAt(input.email, '/data/email');
  if (input.external_id == null && email === null) {
    throw invalid([
      { where: 'body', path: '/data', message: 'needs an external_id or an email address' },
    ]);
  }
  return {
    recordType: 'customer',
    line: 0,
    externalId: nullable(input.external_id),
    email,
    firstName: nullable(input.first_name),
    lastName: nullable(input.last_name),
    region: nullable(input.region),
    country: nullable(input.country),
    consent: { email: nullable(input.consent?.email), sms: nullable(input.consent?.sms) },
    loyaltyId: nullable(input.loyalty_id),
  };
}

function readOrder(data: unknown): WebhookOrder {
  const input = checked(checks.order, data, '/data');
  const digits = digitsOf(input.currency, '/data/currency');
  const lineIds = new Set<string>();
  const lines = input.lines.map((line, index): WebhookOrderLine => {
    const at = `/data/lines/${index}`;
    if (line.line_id != null) {
      if (lineIds.has(line.line_id)) {
        throw invalid([{ where: 'body', path: `${at}/line_id`, message: 'repeats another line' }]);
      }
      lineIds.add(line.line_id);
    }
    return {
      lineId: nullable(line.line_id),
      sku: line.sku,
      description: nullable(line.description),
      kind: line.kind ?? 'product',
      quantity: line.quantity,
      unitPrice: normalAmount(line.unit_price),
      // Some retailers price below the minor unit: the exact price is kept beside it.
      unitPriceMinor: minor(line.unit_price, digits, `${at}/unit_price`, 'half-even'),
      discountMinor:
        line.discount == null ? null : minor(line.discount, digits, `${at}/discount`, 'reject'),
    };
  });
  const totals = input.totals ?? null;
  const total = (value: string | null | undefined, name: string) =>
    value == null ? null : minor(value, digits, `/data/totals/${name}`, 'reject');
  return {
    externalId: input.external_id,
    customerExternalId: nullable(input.customer_external_id),
    email: emailAt(input.email, '/data/email'),
    placedAt: new Date(input.placed_at),
    currency: input.currency,
    country: nullable(input.country),
    financialStatus: nullable(input.financial_status),
    totals:
      totals === null
        ? null
        : {
            subtotalMinor: total(totals.subtotal, 'subtotal'),
            shippingMinor: total(totals.shipping, 'shipping'),
            taxesMinor: total(totals.taxes, 'taxes'),
            discountMinor: total(totals.discount, 'discount'),
            totalMinor: total(totals.total, 'total'),
            refundedMinor: null,
          },
    lines,
  };
}

function readRefund(data: unknown): WebhookRefund {
  const input = checked(checks.refund, data, '/data');
  return {
    refundId: input.refund_id,
    orderExternalId: input.order_external_id,
    refundedAt: new Date(input.refunded_at),
    lines:
      input.lines === undefined
        ? null
        : input.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    amount: input.amount == null ? null : exactOf(input.amount),
  };
}

function readLoyaltyAccount(data: unknown): LoyaltyAccountSnapshot {
  const input = checked(checks.loyaltyAccount, data, '/data');
  return {
    loyaltyId: input.loyalty_id,
    customerExternalId: nullable(input.customer_external_id),
    tier: nullable(input.tier),
    pointsBalance: input.points_balance,
  };
}

function readLoyaltyPoints(data: unknown): LoyaltyPoints {
  const input = checked(checks.loyaltyPoints, data, '/data');
  if (input.kind === 'adjust' ? input.points === 0 : input.points <= 0) {
    const message =
      input.kind === 'adjust'
        ? 'may not be 0'
        : `must be a positive whole number (the kind "${input.kind}" gives the direction)`;
    throw invalid([{ where: 'body', path: '/data/points', message }]);
  }
  const sign = input.kind === 'redeem' || input.kind === 'expire' ? -1 : 1;
  return {
    eventId: input.event_id,
    loyaltyId: input.loyalty_id,
    kind: input.kind,
    points: sign * input.points,
    orderExternalId: nullable(input.order_external_id),
    occurredAt: new Date(input.occurred_at),
    reason: nullable(input.reason),
  };
}

function readMention(data: unknown): Mention {
  const input = checked(checks.mention, data, '/data');
  return {
    recordType: 'mention',
    line: 0,
    externalId: input.external_id,
    platform: input.platform.trim().toLowerCase(),
    brand: nullable(input.brand),
    authorHandle:
      input.author_handle == null || input.author_handle === '' ? null : input.author_handle,
    text: input.text,
    createdAt: new Date(input.posted_at),
    reach: nullable(input.reach),
    sentiment: nullable(input.sentiment),
  };
}

/**
 * Checks the `data` of an event of a topic Guild handles and returns it typed.
 * @throws GuildError `validation_failed` with the problems in `details`
 */
export function readEventData(topic: InboundTopic, data: unknown): InboundEvent {
  switch (topic) {
    case 'customer.upsert':
      return { topic, customer: readCustomer(data) };
    case 'order.created':
    case 'order.paid':
      return { topic, order: readOrder(data) };
    case 'order.refunded':
      return { topic, refund: readRefund(data) };
    case 'loyalty.account':
      return { topic, account: readLoyaltyAccount(data) };
    case 'loyalty.points':
      return { topic, points: readLoyaltyPoints(data) };
    case 'mention.created':
      return { topic, mention: readMention(data) };
  }
}

/** The refunded amount in minor units of `currency`, once the order (and so the currency) is known. */
export function refundAmountMinor(amount: ExactDecimal, currency: string): bigint | null {
  const result = toMinorUnits(amount, currencyDigits(currency), 'half-even');
  return result.ok ? result.value : null;
}
