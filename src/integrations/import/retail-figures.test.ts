import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openRecords } from './import-reader.js';
import { mapRecord } from './mapping.js';
import { onlineRetailPreset, socialMentionsPreset } from './presets.js';
import { RetailFiguresAggregator, formatMinor } from './retail-figures.js';
import { streamOf } from './test-support.js';
import { formatExact } from './values.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataRoot = resolve(repoRoot, '../shared/data');
const retailFile = resolve(dataRoot, 'online-retail/online_retail.csv.gz');
const tweetsFile = resolve(dataRoot, 'airline-tweets/Tweets.csv');

/** Reads a file through reader and preset into the aggregator; throws on any rejected row. */
async function figuresOf(source: string | ReturnType<typeof streamOf>) {
  const preset = onlineRetailPreset();
  const aggregator = new RetailFiguresAggregator();
  const problems: unknown[] = [];

  for await (const batch of openRecords(source).batches()) {
    for (const item of batch) {
      const mapped = item.kind === 'record' ? mapRecord(preset, item) : null;
      if (mapped?.ok === true) {
        aggregator.add(mapped.record);
      } else {
        problems.push(mapped?.errors ?? item);
      }
    }
  }

  expect(problems).toEqual([]);
  return aggregator.result();
}

describe('retail figures', () => {
  it('counts invoices, cancellations, guests, duplicates and exact revenue', async () => {
    const text =
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
      '536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n' +
      '536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n' +
      '536366,POST,POSTAGE,1,2010-12-01 08:28:00,18.00,,France\n' +
      'C536379,85123A,HEART,-6,2010-12-01 09:41:00,2.55,17850,United Kingdom\n' +
      '536380,22139,,-3,2010-12-01 09:45:00,0.00,,United Kingdom\n' +
      '536381,PADS,PADS,1,2010-12-01 09:46:00,0.001,13952,United Kingdom\n' +
      'A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom\n';

    const figures = await figuresOf(streamOf(text));

    expect(figures).toEqual({
      rows: 7,
      invoices: 6,
      cancellationInvoices: 1,
      adjustmentInvoices: 1,
      customers: 2,
      guestRows: 3,
      cancellationRows: 1,
      negativeQuantityRows: 2,
      negativeQuantityOutsideCancellations: 1,
      stockCodes: 5,
      countries: 2,
      nonPositivePriceRows: 1,
      subMinorPriceRows: 1,
      missingDescriptionRows: 1,
      duplicateRows: 1,
      netRevenueMinor: 1109536n,
      netRevenueExact: { units: 11095361n, scale: 3 },
      guestRevenueMinor: 1108006n,
      linesByKind: { product: 5, postage: 1, fee: 0, adjustment: 1, voucher: 0, manual: 0 },
    });
    expect(formatMinor(figures.netRevenueMinor)).toBe('11095.36');
    expect(formatExact(figures.netRevenueExact)).toBe('11095.361');
  });

  it('formats minor units', () => {
    expect([974774793n, -5n, 0n, 120n].map((minor) => formatMinor(minor))).toEqual([
      '9747747.93',
      '-0.05',
      '0.00',
      '1.20',
    ]);
    expect(formatMinor(1500n, 0)).toBe('1500');
  });
});

describe('real data', () => {
  const retailPresent = existsSync(retailFile);
  const tweetsPresent = existsSync(tweetsFile);

  it.skipIf(!retailPresent)(
    retailPresent
      ? 'online_retail.csv.gz reproduces every figure in the data README'
      : `online_retail.csv.gz figures: skipped, the data folder ${dataRoot} is absent`,
    async () => {
      const figures = await figuresOf(retailFile);

      expect({
        rows: figures.rows,
        invoices: figures.invoices,
        cancellationInvoices: figures.cancellationInvoices,
        customers: figures.customers,
        guestRows: figures.guestRows,
        cancellationRows: figures.cancellationRows,
        negativeQuantityRows: figures.negativeQuantityRows,
        negativeQuantityOutsideCancellations: figures.negativeQuantityOutsideCancellations,
        stockCodes: figures.stockCodes,
        countries: figures.countries,
        net: formatMinor(figures.netRevenueMinor),
        duplicateRows: figures.duplicateRows,
        nonPositivePriceRows: figures.nonPositivePriceRows,
        adjustmentInvoices: figures.adjustmentInvoices,
        missingDescriptionRows: figures.missingDescriptionRows,
      }).toEqual({
        rows: 541_909,
        invoices: 25_900,
        cancellationInvoices: 3_836,
        customers: 4_372,
        guestRows: 135_080,
        cancellationRows: 9_288,
        negativeQuantityRows: 10_624,
        negativeQuantityOutsideCancellations: 1_336,
        stockCodes: 4_070,
        countries: 38,
        net: '9747747.93',
        duplicateRows: 5_268,
        nonPositivePriceRows: 2_517,
        adjustmentInvoices: 3,
        missingDescriptionRows: 1_454,
      });
      expect(formatExact(figures.netRevenueExact)).toBe('9747747.934');
    },
    60_000,
  );

  it.skipIf(!tweetsPresent)(
    tweetsPresent
      ? 'airline-tweets/Tweets.csv maps to 14,640 mentions'
      : `airline-tweets mentions: skipped, the data folder ${dataRoot} is absent`,
    async () => {
      const preset = socialMentionsPreset();
      const sentiments = new Map<string, number>();
      let mentions = 0;
      let rejected = 0;

      for await (const item of openRecords(tweetsFile)) {
        const mapped = item.kind === 'record' ? mapRecord(preset, item) : null;
        if (mapped?.ok !== true) {
          rejected += 1;
          continue;
        }
        mentions += 1;
        const sentiment = mapped.record.sentiment ?? 'none';
        sentiments.set(sentiment, (sentiments.get(sentiment) ?? 0) + 1);
      }

      expect({ mentions, rejected }).toEqual({ mentions: 14_640, rejected: 0 });
      expect(Object.fromEntries(sentiments)).toEqual({
        negative: 9_178,
        neutral: 3_099,
        positive: 2_363,
      });
    },
    60_000,
  );
});
