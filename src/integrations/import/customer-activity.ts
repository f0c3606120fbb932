/**
 * Per-customer purchase activity from OrderLines, with the retail semantics Guild's customer
 * metrics need (recency, frequency, monetary):
 *
 * - A cancellation line (a `C` invoice or a negative quantity) is a return, not a purchase: it
 *   lowers the customer's monetary value and the invoice it reverses. That invoice is the one
 *   the line names (`cancelsInvoice`) or, when the file does not say (UCI files do not), the
 *   customer's latest earlier invoice that still holds units of the same stock code.
 * - An invoice counts towards frequency and recency only while something of it is left after
 *   returns; a fully cancelled invoice is no purchase, and a return's date is no purchase date.
 * - Lines without a customer id are guest sales: they stay in revenue, as unattributed, and
 *   never become a customer of their own.
 *
 * Memory grows with customers × invoices × stock codes; this is for metrics over a tenant's
 * orders, not for the streaming import itself.
 */
import { calendarDateIn } from './time-zones.js';
import type { OrderLine } from './presets.js';

/** One customer's activity. */
export interface CustomerActivity {
  customerId: string;
  /** Net spend: purchases minus returns, in minor units. */
  monetaryMinor: bigint;
  /** Invoices not fully cancelled. */
  frequency: number;
  /** Local calendar date of the latest such invoice, or null. */
  lastPurchase: string | null;
  /** Days from `lastPurchase` to the analysis date, or null. */
  recencyDays: number | null;
}

/** Activity of every customer, and the revenue no customer is attributed. */
export interface ActivitySummary {
  customers: CustomerActivity[];
  attributedRevenueMinor: bigint;
  unattributedLines: number;
  unattributedRevenueMinor: bigint;
  totalRevenueMinor: bigint;
}

interface InvoiceState {
  date: Date;
  valueMinor: bigint;
  returnedMinor: bigint;
  unitsLeft: Map<string, number>;
}

interface CustomerState {
  monetaryMinor: bigint;
  invoices: Map<string, InvoiceState>;
}

const DAY_MS = 86_400_000;

/** Accumulates customer activity one OrderLine at a time. */
export class CustomerActivityAggregator {
  private readonly customers = new Map<string, CustomerState>();
  private unattributedLines = 0;
  private unattributedMinor = 0n;
  private attributedMinor = 0n;

  /**
   * @param analysisDate the day recency is measured to, `YYYY-MM-DD`
   * @param timeZone the zone whose calendar dates purchases fall on
   */
  constructor(
    private readonly analysisDate: string,
    private readonly timeZone = 'UTC',
  ) {}

  /** Counts one line. */
  add(line: OrderLine): void {
    const value = BigInt(line.quantity) * line.unitPriceMinor;

    if (line.customerId === null) {
      this.unattributedLines += 1;
      this.unattributedMinor += value;
      return;
    }

    this.attributedMinor += value;
    const customer = this.customer(line.customerId);
    customer.monetaryMinor += value;

    if (line.isCancellation || line.quantity < 0) {
      this.applyReturn(customer, line, value);
    } else {
      this.applyPurchase(customer, line, value);
    }
  }

  /** The activity so far, customers in id order. */
  result(): ActivitySummary {
    const customers = [...this.customers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([customerId, state]) => this.activity(customerId, state));

    return {
      customers,
      attributedRevenueMinor: this.attributedMinor,
      unattributedLines: this.unattributedLines,
      unattributedRevenueMinor: this.unattributedMinor,
      totalRevenueMinor: this.attributedMinor + this.unattributedMinor,
    };
  }

  private customer(customerId: string): CustomerState {
    let state = this.customers.get(customerId);

    if (state === undefined) {
      state = { monetaryMinor: 0n, invoices: new Map() };
      this.customers.set(customerId, state);
    }

    return state;
  }

  private applyPurchase(customer: CustomerState, line: OrderLine, value: bigint): void {
    let invoice = customer.invoices.get(line.invoiceNo);

    if (invoice === undefined) {
      invoice = { date: line.invoiceDate, valueMinor: 0n, returnedMinor: 0n, unitsLeft: new Map() };
      customer.invoices.set(line.invoiceNo, invoice);
    }

    invoice.valueMinor += value;
    invoice.unitsLeft.set(
      line.stockCode,
      (invoice.unitsLeft.get(line.stockCode) ?? 0) + line.quantity,
    );
  }

  private applyReturn(customer: CustomerState, line: OrderLine, value: bigint): void {
    const target = this.reversedInvoice(customer, line);
    if (target === null) {
      return;
    }

    const units = Math.abs(line.quantity);
    target.returnedMinor += value < 0n ? -value : value;
    target.unitsLeft.set(line.stockCode, (target.unitsLeft.get(line.stockCode) ?? 0) - units);
  }

  private reversedInvoice(customer: CustomerState, line: OrderLine): InvoiceState | null {
    if (line.cancelsInvoice !== null) {
      return customer.invoices.get(line.cancelsInvoice) ?? null;
    }

    let best: InvoiceState | null = null;
    for (const invoice of customer.invoices.values()) {
      const holds = (invoice.unitsLeft.get(line.stockCode) ?? 0) > 0;
      const earlier = invoice.date.getTime() <= line.invoiceDate.getTime();
      if (holds && earlier && (best === null || invoice.date > best.date)) {
        best = invoice;
      }
    }

    return best;
  }

  private activity(customerId: string, state: CustomerState): CustomerActivity {
    const kept = [...state.invoices.values()].filter((i) => i.valueMinor > i.returnedMinor);
    const latest = kept.reduce<Date | null>(
      (last, invoice) => (last === null || invoice.date > last ? invoice.date : last),
      null,
    );
    const lastPurchase = latest === null ? null : calendarDateIn(latest, this.timeZone);

    return {
      customerId,
      monetaryMinor: state.monetaryMinor,
      frequency: kept.length,
      lastPurchase,
      recencyDays: lastPurchase === null ? null : daysBetween(lastPurchase, this.analysisDate),
    };
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
