/**
 * Runs the shared cases this module answers for (csv-01, csv-02, csv-03, csv-05, csv-06,
 * ana-01, ana-02) straight from ../shared/cases/cases.jsonl, inputs and expected values both,
 * so the tests cannot drift from the cases. The other test files carry the same cases inline
 * and run even where the shared folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CustomerActivityAggregator } from './customer-activity.js';
import { openRecords, previewRecords, type RawRecord } from './import-reader.js';
import { bindPreset, mapRecord } from './mapping.js';
import { customersPreset, onlineRetailPreset } from './presets.js';
import { readAll, recordsOf, streamOf } from './test-support.js';
import { decimalParser, type ParseResult } from './values.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const casesFile = resolve(repoRoot, '../shared/cases/cases.jsonl');
const present = existsSync(casesFile);

interface SharedCase {
  id: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}

const cases = new Map<string, SharedCase>(
  present
    ? readFileSync(casesFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as SharedCase)
        .map((entry) => [entry.id, entry])
    : [],
);

function sharedCase(id: string): SharedCase {
  const found = cases.get(id);
  if (found === undefined) {
    throw new Error(`case ${id} is not in ${casesFile}`);
  }

  return found;
}

function numbers(results: ParseResult<number>[]): number[] {
  return results.map((result) => (result.ok ? result.value : Number.NaN));
}

const title = (id: string): string =>
  present ? `${id} from the shared cases` : `${id}: skipped, ${casesFile} is absent`;

describe.skipIf(!present)('shared cases', () => {
  it(title('csv-01'), async () => {
    const { input, expected } = sharedCase('csv-01');
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(String(input.text_after_bom)),
    ]);

    const { info, items } = await readAll(streamOf(bytes));

    expect(info.headers).toEqual(expected.headers);
    expect(recordsOf(items)).toEqual(expected.rows);
    expect(bindPreset(customersPreset(), info.headers).unmapped).toHaveLength(
      Number(expected.unmapped_columns),
    );
  });

  it(title('csv-02'), async () => {
    const { input, expected } = sharedCase('csv-02');
    const text = String(input.text);
    const parse = decimalParser({ locale: String(input.locale) });

    const { info, items } = await readAll(streamOf(text), { delimiter: 'auto' });
    const preview = await previewRecords(streamOf(text), { delimiter: 'auto' }, 2);
    const rows = recordsOf(items);

    expect(info.delimiter).toBe(expected.delimiter);
    expect(info.headers).toHaveLength(Number(expected.columns));
    expect(rows).toHaveLength(Number(expected.rows));
    expect(numbers(rows.map((row) => parse(row.order_total ?? '')))).toEqual(expected.order_total);
    expect(numbers(rows.map((row) => parse(row.tax ?? '')))).toEqual(expected.tax);
    expect(preview.items).toEqual(items.slice(0, 2));
  });

  it(title('csv-03'), async () => {
    const { input, expected } = sharedCase('csv-03');

    const { info, items } = await readAll(streamOf(String(input.text)));
    const rows = recordsOf(items);

    expect(rows).toHaveLength(Number(expected.records));
    expect(info.records).toBe(Number(expected.reported_row_count));
    expect(rows.find((row) => row.customer_id === 'C-10')?.note).toBe(expected['C-10.note']);
    expect(rows.find((row) => row.customer_id === 'C-11')?.note).toBe(expected['C-11.note']);
  });

  it(title('csv-05'), async () => {
    const { input, expected } = sharedCase('csv-05');

    const rows = recordsOf((await readAll(streamOf(String(input.text)))).items);

    for (const column of ['customer_id', 'postcode', 'phone']) {
      expect(rows.map((row) => row[column])).toEqual(expected[column]);
    }
    expect(rows.flatMap(Object.values).every((value) => typeof value === 'string')).toBe(true);
  });

  it(title('csv-06'), async () => {
    const { input, expected } = sharedCase('csv-06');
    const known = new Set((input.existing_customers as string[]).map((e) => e.toLowerCase()));
    const before = known.size;
    const tally = { created: 0, merged: 0, errors: 0 };

    for await (const item of openRecords(streamOf(String(input.text)))) {
      const mapped = mapRecord(customersPreset(), item as RawRecord);
      if (!mapped.ok || mapped.record.email === null) {
        tally.errors += 1;
        continue;
      }
      const key = mapped.record.email.key;
      tally[known.has(key) ? 'merged' : 'created'] += 1;
      known.add(key);
    }

    expect(tally).toEqual({
      created: expected.created,
      merged: expected.merged_into_existing,
      errors: expected.import_errors,
    });
    expect(known.size).toBe(expected.customers_total_after);
    expect(tally.merged).toBe(expected.duplicates_reported);
    expect(known.size - before).toBe(tally.created);
  });

  it(title('ana-01'), async () => {
    const { input, expected } = sharedCase('ana-01');
    const lines = input.lines as Record<string, string | number>[];
    const aggregator = await activityFrom(lines, String(input.analysis_date));

    const customer = aggregator.result().customers.find((c) => c.customerId === '17001');
    const wanted = expected.customer_17001 as Record<string, number | string>;

    expect(customer).toEqual({
      customerId: '17001',
      monetaryMinor: BigInt(Math.round(Number(wanted.monetary) * 100)),
      frequency: wanted.frequency,
      lastPurchase: wanted.last_purchase,
      recencyDays: wanted.recency_days,
    });
  });

  it(title('ana-02'), async () => {
    const { input, expected } = sharedCase('ana-02');
    const lines = (input.lines as Record<string, string | number | null>[]).map((line) => ({
      ...line,
      qty: 1,
      unit_price: Number(line.amount),
      date: '2026-03-01',
      customer_id: line.customer_id ?? '',
    }));

    const summary = (await activityFrom(lines, '2026-04-01')).result();

    expect(summary.customers.map((c) => c.customerId)).toEqual(expected.rfm_customers);
    expect(summary.unattributedLines).toBe(expected.unattributed_lines);
    expect(Number(summary.unattributedRevenueMinor) / 100).toBe(expected.unattributed_revenue);
    expect(String(expected.reconciles)).toContain(
      `${(Number(summary.totalRevenueMinor) / 100).toFixed(2)} total`,
    );
  });
});

/** Turns case order lines into a UCI-shaped file and reads it through reader and preset. */
async function activityFrom(
  lines: Record<string, string | number | null | undefined>[],
  analysisDate: string,
): Promise<CustomerActivityAggregator> {
  const header =
    'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,CancelsInvoice';
  const rows = lines.map((line) =>
    [
      line.invoice,
      'ITEM',
      line.qty,
      line.date,
      line.unit_price,
      line.customer_id,
      'UK',
      line.cancels,
    ]
      .map((value) => String(value ?? ''))
      .join(','),
  );
  const aggregator = new CustomerActivityAggregator(analysisDate, 'Europe/London');
  const preset = onlineRetailPreset();

  for await (const item of openRecords(streamOf(`${header}\n${rows.join('\n')}\n`))) {
    const mapped = mapRecord(preset, item as RawRecord);
    if (!mapped.ok) {
      throw new Error(JSON.stringify(mapped.errors));
    }
    aggregator.add(mapped.record);
  }

  return aggregator;
}
