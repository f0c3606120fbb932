/**
 * The clocks of data-subject requests (COMPLIANCE.md PRV-04), as pure functions of dates.
 *
 * - GDPR: the answer is due one calendar month after receipt; a day the next month lacks
 *   falls back to that month's last day (received 31 January → due 28 or 29 February). It can
 *   be extended once, by two further months (three calendar months from receipt, clamped the
 *   same way), and only if the member was told before the first due date.
 * - CCPA: receipt is confirmed within 10 business days (Saturdays and Sundays skipped; public
 *   holidays are not modelled, so a holiday counts as a business day and the date is never
 *   later than the law allows); the answer is due 45 calendar days after receipt, extendable
 *   once by 45 days with notice before the first due date (90 days at most).
 *
 * Dates are counted in UTC and keep the time of day of receipt. A due date that falls on a
 * weekend is not moved: answering earlier is always allowed.
 */

export const REGIMES = ['gdpr', 'ccpa'] as const;
export type Regime = (typeof REGIMES)[number];

const DAY_MS = 86_400_000;

/** Business days within which a CCPA request's receipt must be confirmed. */
export const CCPA_ACK_BUSINESS_DAYS = 10;
/** Calendar days within which a CCPA request must be answered, and the one extension. */
export const CCPA_ANSWER_DAYS = 45;
/** Calendar months within which a GDPR request must be answered, and the one extension. */
export const GDPR_ANSWER_MONTHS = 1;
export const GDPR_EXTENSION_MONTHS = 2;

/** `at` moved by `months` calendar months, clamped to the last day of a shorter month. */
export function addMonthsClamped(at: Date, months: number): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(at.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      at.getUTCHours(),
      at.getUTCMinutes(),
      at.getUTCSeconds(),
      at.getUTCMilliseconds(),
    ),
  );
}

/** `at` moved by `days` calendar days. */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

const isWeekend = (at: Date) => at.getUTCDay() === 0 || at.getUTCDay() === 6;

/**
 * `at` moved by `days` business days, counting from the day after `at` and skipping Saturdays
 * and Sundays (a request received on a Saturday has Monday as its first business day).
 */
export function addBusinessDays(at: Date, days: number): Date {
  let moved = at;
  let left = days;
  while (left > 0) {
    moved = addDays(moved, 1);
    if (!isWeekend(moved)) {
      left -= 1;
    }
  }
  return moved;
}

export interface RequestClock {
  /** When the answer is due, before any extension. */
  dueAt: Date;
  /** The latest the answer may come once extended. */
  extendedDueAt: Date;
  /** When receipt must be confirmed (CCPA only). */
  ackDueAt: Date | null;
}

/** The clock a request received at `receivedAt` starts under `regime`. */
export function clockFor(regime: Regime, receivedAt: Date): RequestClock {
  if (regime === 'gdpr') {
    return {
      dueAt: addMonthsClamped(receivedAt, GDPR_ANSWER_MONTHS),
      extendedDueAt: addMonthsClamped(receivedAt, GDPR_ANSWER_MONTHS + GDPR_EXTENSION_MONTHS),
      ackDueAt: null,
    };
  }
  return {
    dueAt: addDays(receivedAt, CCPA_ANSWER_DAYS),
    extendedDueAt: addDays(receivedAt, 2 * CCPA_ANSWER_DAYS),
    ackDueAt: addBusinessDays(receivedAt, CCPA_ACK_BUSINESS_DAYS),
  };
}

export type ExtensionRefusal = 'already_extended' | 'notice_too_late' | 'notice_before_receipt';

/**
 * Whether a request may be extended by a notice sent at `noticeAt`: once only, and only with
 * notice given after receipt and no later than the first due date. Returns why not, or null.
 */
export function extensionRefusal(request: {
  receivedAt: Date;
  firstDueAt: Date;
  extendedAt: Date | null;
  noticeAt: Date;
}): ExtensionRefusal | null {
  if (request.extendedAt !== null) {
    return 'already_extended';
  }
  if (request.noticeAt.getTime() < request.receivedAt.getTime()) {
    return 'notice_before_receipt';
  }
  if (request.noticeAt.getTime() > request.firstDueAt.getTime()) {
    return 'notice_too_late';
  }
  return null;
}

/**
 * Whole days until `dueAt` (rounded up, so "due later today" is 1 and "due tomorrow" is 1 or
 * 2); zero or less once due. A request is overdue once `now` is past `dueAt`.
 */
export function daysLeft(dueAt: Date, now: Date): number {
  return Math.ceil((dueAt.getTime() - now.getTime()) / DAY_MS);
}

export function isOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime();
}

/** The UK (as UK or GB), the 27 EU states (Greece as GR or EL), Iceland, Liechtenstein, Norway. */
const GDPR_COUNTRIES = new Set(
  (
    'UK GB EU AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES ' +
    'SE IS LI NO'
  ).split(' '),
);

/**
 * The regime a member's requests follow, from their region's code: the United Kingdom, the
 * EU and the rest of the EEA → GDPR; the United States (`US` or `US-XX`) → CCPA; anything
 * else, or no region, → the community's default.
 */
export function regimeForRegion(code: string | null, fallback: Regime): Regime {
  if (code === null) {
    return fallback;
  }
  const country = code.trim().toUpperCase().split(/[-_]/)[0] ?? '';
  if (GDPR_COUNTRIES.has(country)) {
    return 'gdpr';
  }
  if (country === 'US') {
    return 'ccpa';
  }
  return fallback;
}
