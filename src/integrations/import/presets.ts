/**
 * Guild's import presets: declarative mappings from the columns of well-known exports to typed
 * records. Each table row reads: target field ← source column(s), parser, required or not.
 *
 * - `online-retail`: the UCI Online Retail columns → OrderLine.
 * - `shopify-orders`: a Shopify orders export (one row per line item) → ShopifyOrderLine.
 * - `customers`: a generic customer list → Customer.
 * - `social-mentions`: brand mentions such as the airline-tweets file → Mention.
 *
 * A mapping file (see mapping-file.ts) can rename a preset's columns and set its options.
 */
import {
  optional,
  required,
  type BuildResult,
  type FieldTable,
  type ParsedFields,
  type Preset,
} from './mapping.js';
import { isValidTimeZone } from './time-zones.js';
import {
  dateTimeParser,
  enumParser,
  exactDecimalParser,
  integerParser,
  formatExact,
  numberFormatFor,
  ok,
  fail,
  parseBoolean,
  parseEmail,
  parseId,
  parseText,
  toMinorUnits,
  type DateOrder,
  type ExactDecimal,
  type EmailAddress,
  type ValueParser,
} from './values.js';

/** Options a preset's parsers follow; each preset has its own defaults. */
export interface PresetOptions {
  /** Locale of numbers (decimal and grouping marks), e.g. 'en-GB' or 'de-DE'. */
  locale?: string;
  /** Order of `01/02/2024`-style dates. */
  dateOrder?: DateOrder;
  /** IANA zone of times written without an offset. */
  timeZone?: string;
  /** ISO 4217 code of the amounts; it sets the number of minor-unit digits. */
  currency?: string;
  /** Excel's date system for serial dates. */
  excelEpoch?: 1900 | 1904;
}

/** What a line of an order is: a product or one of the retailer's non-product codes. */
export type LineKind = 'product' | 'postage' | 'fee' | 'adjustment' | 'voucher' | 'manual';

/** One line of an invoice, from the online-retail preset. */
export interface OrderLine {
  recordType: 'order-line';
  /** Line of the source file. */
  line: number;
  invoiceNo: string;
  /** The invoice number starts with `C`: the line reverses (part of) an earlier sale. */
  isCancellation: boolean;
  /** The invoice number starts with `A`: a bookkeeping adjustment such as bad debt. */
  isAdjustment: boolean;
  /** The invoice this line cancels, when the file says so (UCI files do not). */
  cancelsInvoice: string | null;
  stockCode: string;
  description: string | null;
  /** Units; negative on cancellations and stock adjustments. */
  quantity: number;
  /** Unit price exactly as written (the UCI file has a few prices of 0.001). */
  unitPrice: ExactDecimal;
  /** Unit price in minor units of `currency` (pence for GBP), rounded half to even. */
  unitPriceMinor: bigint;
  currency: string;
  invoiceDate: Date;
  /** The retailer's customer number; null for a guest sale. */
  customerId: string | null;
  country: string | null;
  lineKind: LineKind;
}

/** Order-level amounts of a Shopify order, present on the first row of each order. */
export interface ShopifyOrderTotals {
  subtotalMinor: bigint | null;
  shippingMinor: bigint | null;
  taxesMinor: bigint | null;
  totalMinor: bigint | null;
  discountMinor: bigint | null;
  refundedMinor: bigint | null;
}

/** One line item of a Shopify orders export. Order-level fields are null on later rows. */
export interface ShopifyOrderLine {
  recordType: 'shopify-order-line';
  line: number;
  /** The order name, e.g. `#1001`; rows of one order share it. */
  orderName: string;
  /** Shopify's numeric order id, as text. */
  orderId: string | null;
  email: EmailAddress | null;
  financialStatus: string | null;
  orderedAt: Date | null;
  paidAt: Date | null;
  cancelledAt: Date | null;
  isCancellation: boolean;
  /** The row's currency code; minor units follow the preset's currency option. */
  currency: string | null;
  sku: string | null;
  description: string | null;
  quantity: number;
  unitPriceMinor: bigint;
  lineDiscountMinor: bigint | null;
  country: string | null;
  lineKind: LineKind;
  totals: ShopifyOrderTotals | null;
}

/** A customer of the retailer. */
export interface Customer {
  recordType: 'customer';
  line: number;
  externalId: string | null;
  email: EmailAddress | null;
  firstName: string | null;
  lastName: string | null;
  region: string | null;
  country: string | null;
  consent: { email: boolean | null; sms: boolean | null };
  loyaltyId: string | null;
}

/** Sentiment labels a mention can carry. */
export type Sentiment = 'negative' | 'neutral' | 'positive';

/** A public post mentioning the brand. */
export interface Mention {
  recordType: 'mention';
  line: number;
  externalId: string;
  platform: string;
  brand: string | null;
  authorHandle: string | null;
  text: string;
  createdAt: Date;
  /** Audience the post reached, as the source measures it (retweets for the airline file). */
  reach: number | null;
  sentiment: Sentiment | null;
}

/** Every record type a preset produces. */
export type ImportRecord = OrderLine | ShopifyOrderLine | Customer | Mention;

/** The names of Guild's built-in presets. */
export const PRESET_NAMES = [
  'online-retail',
  'shopify-orders',
  'customers',
  'social-mentions',
] as const;

/** A built-in preset's name. */
export type PresetName = (typeof PRESET_NAMES)[number];

/** A preset of any kind, as the registry hands it out. */
export type AnyPreset = Preset<FieldTable, ImportRecord>;

/** Checks preset options; returns one message per problem (empty when all is well). */
export function checkPresetOptions(options: PresetOptions): string[] {
  const problems: string[] = [];

  if (options.locale !== undefined && !isKnownLocale(options.locale)) {
    problems.push(`locale "${options.locale}" is not a known locale`);
  }
  if (options.timeZone !== undefined && !isValidTimeZone(options.timeZone)) {
    problems.push(`timeZone "${options.timeZone}" is not a known IANA time zone`);
  }
  if (options.currency !== undefined && !/^[A-Z]{3}$/.test(options.currency)) {
    problems.push(`currency "${options.currency}" is not a three-letter ISO 4217 code`);
  }
  if (options.dateOrder !== undefined && !['ymd', 'dmy', 'mdy'].includes(options.dateOrder)) {
    problems.push('dateOrder must be "ymd", "dmy" or "mdy"');
  }
  if (
    options.excelEpoch !== undefined &&
    options.excelEpoch !== 1900 &&
    options.excelEpoch !== 1904
  ) {
    problems.push('excelEpoch must be 1900 or 1904');
  }

  return problems;
}

function isKnownLocale(locale: string): boolean {
  try {
    numberFormatFor(locale);
    return true;
  } catch {
    return false;
  }
}

const DIGITS_BY_CURRENCY = new Map<string, number>();

/**
 * Digits of `currency`'s minor unit (2 for GBP, 0 for JPY, 3 for KWD). Remembered per code:
 * importers ask once per row.
 */
export function currencyDigits(currency: string): number {
  let digits = DIGITS_BY_CURRENCY.get(currency);
  if (digits === undefined) {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    DIGITS_BY_CURRENCY.set(currency, digits);
  }
  return digits;
}

/** A built-in preset by name, with its parsers set up for `options`. */
export function getPreset(name: PresetName, options: PresetOptions = {}): AnyPreset {
  switch (name) {
    case 'online-retail':
      return onlineRetailPreset(options);
    case 'shopify-orders':
      return shopifyOrdersPreset(options);
    case 'customers':
      return customersPreset(options);
    case 'social-mentions':
      return socialMentionsPreset(options);
  }
}

function settle(
  options: PresetOptions,
  defaults: Required<PresetOptions>,
): Required<PresetOptions> {
  const problems = checkPresetOptions(options);
  if (problems.length > 0) {
    throw new RangeError(`Invalid preset options: ${problems.join('; ')}.`);
  }

  return { ...defaults, ...stripUndefined(options) };
}

function stripUndefined(options: PresetOptions): PresetOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function built<R>(record: R): BuildResult<R> {
  return { ok: true, record };
}

// ---------------------------------------------------------------------------------------------
// online-retail

/**
 * The retailer's non-product stock codes in the UCI file and what they are. Matching ignores
 * letter case (the file has both `M` and `m`).
 * - postage: POST (postage), DOT (dotcom postage), C2 (carriage)
 * - fee: BANK CHARGES, AMAZONFEE (Amazon fee), CRUK (Cancer Research UK commission)
 * - adjustment: B (adjust bad debt), D (discount), S (samples); and every line of an `A` invoice
 * - manual: M (manual entry)
 * - voucher: gift_0001_10 … gift_0001_50 (gift vouchers; any gift_<n>_<n> code)
 * Everything else is a product, including DCGS…, PADS and the party bags.
 */
export const NON_PRODUCT_CODES: Readonly<Record<string, Exclude<LineKind, 'product'>>> = {
  POST: 'postage',
  DOT: 'postage',
  C2: 'postage',
  'BANK CHARGES': 'fee',
  AMAZONFEE: 'fee',
  CRUK: 'fee',
  B: 'adjustment',
  D: 'adjustment',
  S: 'adjustment',
  M: 'manual',
};

const VOUCHER_CODE = /^gift_\d+_\d+$/i;

/** Classifies a stock code; lines of adjustment invoices are adjustments whatever their code. */
export function classifyStockCode(stockCode: string, onAdjustmentInvoice = false): LineKind {
  if (onAdjustmentInvoice) {
    return 'adjustment';
  }
  if (/^\d{3}/.test(stockCode)) {
    return 'product';
  }
  if (VOUCHER_CODE.test(stockCode)) {
    return 'voucher';
  }

  return NON_PRODUCT_CODES[stockCode.toUpperCase()] ?? 'product';
}

function onlineRetailFields(options: Required<PresetOptions>) {
  const { locale, dateOrder, timeZone, excelEpoch } = options;

  return {
    invoiceNo: required('InvoiceNo', parseId),
    stockCode: required('StockCode', parseId),
    description: optional('Description', parseText),
    quantity: required('Quantity', integerParser({ locale })),
    unitPrice: required('UnitPrice', exactDecimalParser({ locale })),
    invoiceDate: required(
      'InvoiceDate',
      dateTimeParser({ order: dateOrder, timeZone, excelEpoch }),
    ),
    customerId: optional('CustomerID', parseId),
    country: optional('Country', parseText),
    cancelsInvoice: optional(['CancelsInvoice', 'Cancels'], parseId),
  };
}

/** The online-retail preset's field table. */
export type OnlineRetailFields = ReturnType<typeof onlineRetailFields>;

/**
 * The UCI Online Retail export (InvoiceNo, StockCode, Description, Quantity, InvoiceDate,
 * UnitPrice, CustomerID, Country). Defaults: en-GB numbers, month-first slashed dates (the
 * original workbook's `12/1/2010 8:26`), Europe/London, GBP.
 */
export function onlineRetailPreset(
  options: PresetOptions = {},
): Preset<OnlineRetailFields, OrderLine> {
  const settled = settle(options, {
    locale: 'en-GB',
    dateOrder: 'mdy',
    timeZone: 'Europe/London',
    currency: 'GBP',
    excelEpoch: 1900,
  });
  const digits = currencyDigits(settled.currency);

  return {
    name: 'online-retail',
    fields: onlineRetailFields(settled),
    build: (values, line) => built(toOrderLine(values, line, settled.currency, digits)),
  };
}

function toOrderLine(
  values: ParsedFields<OnlineRetailFields>,
  line: number,
  currency: string,
  digits: number,
): OrderLine {
  const isAdjustment = /^A/i.test(values.invoiceNo);
  const rounded = toMinorUnits(values.unitPrice, digits, 'half-even');

  return {
    recordType: 'order-line',
    line,
    invoiceNo: values.invoiceNo,
    isCancellation: /^C/i.test(values.invoiceNo),
    isAdjustment,
    cancelsInvoice: values.cancelsInvoice,
    stockCode: values.stockCode,
    description: values.description,
    quantity: values.quantity,
    unitPrice: values.unitPrice,
    unitPriceMinor: rounded.ok ? rounded.value : 0n,
    currency,
    invoiceDate: values.invoiceDate,
    customerId: values.customerId,
    country: values.country,
    lineKind: classifyStockCode(values.stockCode, isAdjustment),
  };
}

// ---------------------------------------------------------------------------------------------
// shopify-orders

const parseLowerText: ValueParser<string> = (text) => ok(text.trim().toLowerCase());

const parseCurrencyCode: ValueParser<string> = (text) => {
  const code = text.trim().toUpperCase();

  return /^[A-Z]{3}$/.test(code) ? ok(code) : fail('not a three-letter currency code');
};

function shopifyFields(options: Required<PresetOptions>) {
  const { locale, dateOrder, timeZone, excelEpoch } = options;
  // Amounts are kept exact here and turned into minor units of each row's own currency.
  const money = exactDecimalParser({ locale });
  const time = dateTimeParser({ order: dateOrder, timeZone, excelEpoch });

  return {
    orderName: required('Name', parseId),
    orderId: optional('Id', parseId),
    email: optional('Email', parseEmail),
    financialStatus: optional('Financial Status', parseLowerText),
    paidAt: optional('Paid at', time),
    createdAt: optional('Created at', time),
    cancelledAt: optional('Cancelled at', time),
    currency: optional('Currency', parseCurrencyCode),
    subtotal: optional('Subtotal', money),
    shipping: optional('Shipping', money),
    taxes: optional('Taxes', money),
    total: optional('Total', money),
    discountAmount: optional('Discount Amount', money),
    refundedAmount: optional('Refunded Amount', money),
    quantity: required('Lineitem quantity', integerParser({ locale })),
    lineName: optional('Lineitem name', parseText),
    linePrice: required('Lineitem price', money),
    lineDiscount: optional('Lineitem discount', money),
    sku: optional('Lineitem sku', parseId),
    country: optional(['Billing Country', 'Shipping Country'], parseText),
  };
}

/** The shopify-orders preset's field table. */
export type ShopifyFields = ReturnType<typeof shopifyFields>;

/**
 * A Shopify orders export, one row per line item; order-level columns (status, totals) are
 * filled on each order's first row only, so they are null on the others. Defaults: en numbers,
 * year-first dates with offsets as Shopify writes them, UTC, USD minor units.
 */
export function shopifyOrdersPreset(
  options: PresetOptions = {},
): Preset<ShopifyFields, ShopifyOrderLine> {
  const settled = settle(options, {
    locale: 'en',
    dateOrder: 'ymd',
    timeZone: 'UTC',
    currency: 'USD',
    excelEpoch: 1900,
  });

  return {
    name: 'shopify-orders',
    fields: shopifyFields(settled),
    build: (values, line) => toShopifyLine(values, line, settled.currency),
  };
}

/** Column names of the Shopify amounts, for row errors. */
const SHOPIFY_MONEY_COLUMNS = {
  linePrice: 'Lineitem price',
  lineDiscount: 'Lineitem discount',
  subtotal: 'Subtotal',
  shipping: 'Shipping',
  taxes: 'Taxes',
  total: 'Total',
  discountAmount: 'Discount Amount',
  refundedAmount: 'Refunded Amount',
} as const;

function toShopifyLine(
  parsed: ParsedFields<ShopifyFields>,
  line: number,
  defaultCurrency: string,
): BuildResult<ShopifyOrderLine> {
  const currency = parsed.currency ?? defaultCurrency;
  const digits = currencyDigits(currency);
  const problems: { column: string; value: string; reason: string }[] = [];
  const minor = (field: keyof typeof SHOPIFY_MONEY_COLUMNS): bigint | null => {
    const amount = parsed[field];
    if (amount === null) {
      return null;
    }
    const converted = toMinorUnits(amount, digits, 'reject');
    if (converted.ok) {
      return converted.value;
    }
    problems.push({
      column: SHOPIFY_MONEY_COLUMNS[field],
      value: formatExact(amount),
      reason: `${converted.reason} for ${currency}`,
    });
    return null;
  };
  const values = {
    ...parsed,
    linePrice: minor('linePrice') ?? 0n,
    lineDiscount: minor('lineDiscount'),
    subtotal: minor('subtotal'),
    shipping: minor('shipping'),
    taxes: minor('taxes'),
    total: minor('total'),
    discountAmount: minor('discountAmount'),
    refundedAmount: minor('refundedAmount'),
    currency,
  };
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    record: {
      recordType: 'shopify-order-line',
      line,
      orderName: values.orderName,
      orderId: values.orderId,
      email: values.email,
      financialStatus: values.financialStatus,
      orderedAt: values.createdAt ?? values.paidAt,
      paidAt: values.paidAt,
      cancelledAt: values.cancelledAt,
      isCancellation: values.cancelledAt !== null,
      currency: values.currency,
      sku: values.sku,
      description: values.lineName,
      quantity: values.quantity,
      unitPriceMinor: values.linePrice,
      lineDiscountMinor: values.lineDiscount,
      country: values.country,
      lineKind: 'product',
      totals: shopifyTotals(values),
    },
  };
}

function shopifyTotals(values: {
  subtotal: bigint | null;
  shipping: bigint | null;
  taxes: bigint | null;
  total: bigint | null;
  discountAmount: bigint | null;
  refundedAmount: bigint | null;
}): ShopifyOrderTotals | null {
  const totals = {
    subtotalMinor: values.subtotal,
    shippingMinor: values.shipping,
    taxesMinor: values.taxes,
    totalMinor: values.total,
    discountMinor: values.discountAmount,
    refundedMinor: values.refundedAmount,
  };

  return Object.values(totals).every((value) => value === null) ? null : totals;
}

// ---------------------------------------------------------------------------------------------
// customers

function customerFields() {
  return {
    externalId: optional(['external_id', 'customer_id', 'customer_number', 'id'], parseId),
    email: optional(['email', 'email_address', 'e-mail'], parseEmail),
    firstName: optional(['first_name', 'given_name'], parseText),
    lastName: optional(['last_name', 'family_name', 'surname'], parseText),
    region: optional(['region', 'city', 'county', 'state', 'province'], parseText),
    country: optional(['country', 'country_code'], parseText),
    emailConsent: optional(
      ['email_consent', 'accepts_email_marketing', 'accepts_marketing', 'marketing_opt_in'],
      parseBoolean,
    ),
    smsConsent: optional(['sms_consent', 'accepts_sms_marketing'], parseBoolean),
    loyaltyId: optional(['loyalty_id', 'loyalty_number', 'loyalty_card'], parseId),
  };
}

/** The customers preset's field table. */
export type CustomerFields = ReturnType<typeof customerFields>;

/**
 * A generic customer list. A row needs an external id or an email address; emails carry a
 * case-insensitive key so `Nora.Berg@Example.com` and ` nora.berg@example.com ` match.
 * Column names match ignoring case, spaces and `_` once the preset is bound to the header.
 */
export function customersPreset(options: PresetOptions = {}): Preset<CustomerFields, Customer> {
  settle(options, {
    locale: 'en',
    dateOrder: 'ymd',
    timeZone: 'UTC',
    currency: 'USD',
    excelEpoch: 1900,
  });

  return {
    name: 'customers',
    fields: customerFields(),
    build: toCustomer,
  };
}

function toCustomer(values: ParsedFields<CustomerFields>, line: number): BuildResult<Customer> {
  if (values.externalId === null && values.email === null) {
    const reason = 'a customer needs an external id or an email address';
    return { ok: false, problems: [{ column: 'external_id', value: '', reason }] };
  }

  return built({
    recordType: 'customer',
    line,
    externalId: values.externalId,
    email: values.email,
    firstName: values.firstName,
    lastName: values.lastName,
    region: values.region,
    country: values.country,
    consent: { email: values.emailConsent, sms: values.smsConsent },
    loyaltyId: values.loyaltyId,
  });
}

// ---------------------------------------------------------------------------------------------
// social-mentions

const parseSentiment = enumParser<Sentiment>({
  negative: 'negative',
  neutral: 'neutral',
  positive: 'positive',
});

function mentionFields(options: Required<PresetOptions>) {
  const { locale, dateOrder, timeZone, excelEpoch } = options;

  return {
    externalId: required(['tweet_id', 'mention_id', 'post_id', 'id'], parseId),
    platform: optional('platform', parseLowerText),
    brand: optional(['airline', 'brand'], parseText),
    authorHandle: optional(['name', 'handle', 'author', 'screen_name'], parseText),
    text: required('text', parseText),
    createdAt: required(
      ['tweet_created', 'created_at'],
      dateTimeParser({ order: dateOrder, timeZone, excelEpoch }),
    ),
    reach: optional(['retweet_count', 'reach'], nonNegative(integerParser({ locale }))),
    sentiment: optional(['airline_sentiment', 'sentiment'], parseSentiment),
  };
}

function nonNegative(parse: ValueParser<number>): ValueParser<number> {
  return (text) => {
    const parsed = parse(text);

    return parsed.ok && parsed.value < 0 ? fail('may not be negative') : parsed;
  };
}

/** The social-mentions preset's field table. */
export type MentionFields = ReturnType<typeof mentionFields>;

/**
 * Brand mentions, shaped like the Twitter US Airline Sentiment file (tweet_id, airline, name,
 * text, tweet_created with offset, retweet_count, airline_sentiment). The platform is
 * 'twitter' unless a `platform` column says otherwise.
 */
export function socialMentionsPreset(options: PresetOptions = {}): Preset<MentionFields, Mention> {
  const settled = settle(options, {
    locale: 'en',
    dateOrder: 'ymd',
    timeZone: 'UTC',
    currency: 'USD',
    excelEpoch: 1900,
  });

  return {
    name: 'social-mentions',
    fields: mentionFields(settled),
    build: (values, line) => built(toMention(values, line)),
  };
}

function toMention(values: ParsedFields<MentionFields>, line: number): Mention {
  return {
    recordType: 'mention',
    line,
    externalId: values.externalId,
    platform: values.platform ?? 'twitter',
    brand: values.brand,
    authorHandle: values.authorHandle,
    text: values.text,
    createdAt: values.createdAt,
    reach: values.reach,
    sentiment: values.sentiment,
  };
}
