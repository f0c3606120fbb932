/**
 * A streaming aggregator over OrderLines that computes the figures a correct import of a
 * retailer's transaction file must reproduce (the data README's table for the UCI file): rows,
 * invoices and cancellations, customers and guest sales, negative quantities, stock codes,
 * countries, exact net revenue and exact duplicate rows.
 *
 * Memory: counters take constant space. The distinct-key sets (invoices, cancellation and
 * adjustment invoices, customers, stock codes, countries) grow with the number of distinct
 * keys, and duplicate detection keeps one 53-bit fingerprint per distinct row (a number in a
 * Set: about 30 to 40 bytes each, some 20 MB for the UCI file's 536,641 distinct rows). Two
 * different rows share a fingerprint with a chance of about n²/2⁵⁴ (under 1 in 50,000 for the
 * UCI file), which would count one duplicate too many.
 */
import { currencyDigits, type LineKind, type OrderLine } from './presets.js';
import { fingerprint } from './fingerprint.js';
import { toMinorUnits, type ExactDecimal } from './values.js';

/** The figures of a transaction file. */
export interface RetailFigures {
  rows: number;
  invoices: number;
  /** Invoices whose number starts with `C`. */
  cancellationInvoices: number;
  /** Invoices whose number starts with `A`. */
  adjustmentInvoices: number;
  /** Distinct non-empty customer ids. */
  customers: number;
  /** Rows without a customer id: guest sales, kept in revenue. */
  guestRows: number;
  /** Rows on `C` invoices. */
  cancellationRows: number;
  negativeQuantityRows: number;
  /** Negative quantities not on a `C` invoice: stock adjustments. */
  negativeQuantityOutsideCancellations: number;
  stockCodes: number;
  countries: number;
  /** Rows whose exact unit price is zero or less. */
  nonPositivePriceRows: number;
  /** Rows whose unit price has more decimals than the currency (rounded for revenue). */
  subMinorPriceRows: number;
  missingDescriptionRows: number;
  /** Rows identical to an earlier row in every field. */
  duplicateRows: number;
  /** Sum of quantity × unit price (in minor units) over all rows. */
  netRevenueMinor: bigint;
  /** The same sum from the exact unit prices, before any rounding to minor units. */
  netRevenueExact: ExactDecimal;
  /** The part of the net revenue from guest sales. */
  guestRevenueMinor: bigint;
  linesByKind: Record<LineKind, number>;
}

/** Accumulates RetailFigures one OrderLine at a time. */
export class RetailFiguresAggregator {
  private readonly invoices = new Set<string>();
  private readonly cancellationInvoices = new Set<string>();
  private readonly adjustmentInvoices = new Set<string>();
  private readonly customers = new Set<string>();
  private readonly stockCodes = new Set<string>();
  private readonly countries = new Set<string>();
  private readonly fingerprints = new Set<number>();
  private readonly figures: RetailFigures = emptyFigures();

  /** Counts one line. */
  add(line: OrderLine): void {
    this.countKeys(line);
    this.countRow(line);

    if (this.fingerprints.size === this.fingerprints.add(fingerprint(rowKey(line))).size) {
      this.figures.duplicateRows += 1;
    }
  }

  /** The figures so far. */
  result(): RetailFigures {
    return {
      ...this.figures,
      invoices: this.invoices.size,
      cancellationInvoices: this.cancellationInvoices.size,
      adjustmentInvoices: this.adjustmentInvoices.size,
      customers: this.customers.size,
      stockCodes: this.stockCodes.size,
      countries: this.countries.size,
      linesByKind: { ...this.figures.linesByKind },
    };
  }

  private countKeys(line: OrderLine): void {
    this.invoices.add(line.invoiceNo);
    this.stockCodes.add(line.stockCode);

    if (line.isCancellation) {
      this.cancellationInvoices.add(line.invoiceNo);
    }
    if (line.isAdjustment) {
      this.adjustmentInvoices.add(line.invoiceNo);
    }
    if (line.customerId !== null) {
      this.customers.add(line.customerId);
    }
    if (line.country !== null) {
      this.countries.add(line.country);
    }
  }

  private countRow(line: OrderLine): void {
    const figures = this.figures;
    const value = BigInt(line.quantity) * line.unitPriceMinor;

    figures.rows += 1;
    figures.netRevenueMinor += value;
    figures.netRevenueExact = addProduct(figures.netRevenueExact, line.quantity, line.unitPrice);
    figures.linesByKind[line.lineKind] += 1;

    if (line.customerId === null) {
      figures.guestRows += 1;
      figures.guestRevenueMinor += value;
    }
    if (line.isCancellation) {
      figures.cancellationRows += 1;
    }
    if (line.quantity < 0) {
      figures.negativeQuantityRows += 1;
      figures.negativeQuantityOutsideCancellations += line.isCancellation ? 0 : 1;
    }
    if (line.unitPrice.units <= 0n) {
      figures.nonPositivePriceRows += 1;
    }
    if (!toMinorUnits(line.unitPrice, currencyDigits(line.currency)).ok) {
      figures.subMinorPriceRows += 1;
    }
    if (line.description === null) {
      figures.missingDescriptionRows += 1;
    }
  }
}

function emptyFigures(): RetailFigures {
  return {
    rows: 0,
    invoices: 0,
    cancellationInvoices: 0,
    adjustmentInvoices: 0,
    customers: 0,
    guestRows: 0,
    cancellationRows: 0,
    negativeQuantityRows: 0,
    negativeQuantityOutsideCancellations: 0,
    stockCodes: 0,
    countries: 0,
    nonPositivePriceRows: 0,
    subMinorPriceRows: 0,
    missingDescriptionRows: 0,
    duplicateRows: 0,
    netRevenueMinor: 0n,
    netRevenueExact: { units: 0n, scale: 0 },
    guestRevenueMinor: 0n,
    linesByKind: { product: 0, postage: 0, fee: 0, adjustment: 0, voucher: 0, manual: 0 },
  };
}

/** Every field of a line that came from the file, joined by a separator no field contains. */
function rowKey(line: OrderLine): string {
  const price = line.unitPrice;

  return (
    `${line.invoiceNo}\u001f${line.stockCode}\u001f${line.description ?? ''}\u001f` +
    `${line.quantity}\u001f${price.units}e-${price.scale}\u001f${line.invoiceDate.getTime()}` +
    `\u001f${line.customerId ?? ''}\u001f${line.country ?? ''}\u001f${line.cancelsInvoice ?? ''}`
  );
}

/** `sum` + `quantity` × `price`, exactly, at the larger of the two scales. */
function addProduct(sum: ExactDecimal, quantity: number, price: ExactDecimal): ExactDecimal {
  const scale = Math.max(sum.scale, price.scale);
  const total = sum.units * 10n ** BigInt(scale - sum.scale);
  const product = BigInt(quantity) * price.units * 10n ** BigInt(scale - price.scale);

  return { units: total + product, scale };
}

/** Formats minor units as a decimal amount: 974774793n with 2 digits is "9747747.93". */
export function formatMinor(minor: bigint, digits = 2): string {
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';

  return `${negative ? '-' : ''}${whole}${fraction}`;
}
