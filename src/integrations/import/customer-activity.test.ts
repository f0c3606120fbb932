import { describe, expect, it } from 'vitest';
import { CustomerActivityAggregator } from './customer-activity.js';
import { openRecords } from './import-reader.js';
import { mapRecord } from './mapping.js';
import { onlineRetailPreset } from './presets.js';
import { streamOf } from './test-support.js';

const HEADER =
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,' +
  'CancelsInvoice';

async function activityOf(rows: string[], analysisDate = '2026-04-01') {
  const aggregator = new CustomerActivityAggregator(analysisDate, 'Europe/London');
  const preset = onlineRetailPreset();

  for await (const item of openRecords(streamOf(`${HEADER}\n${rows.join('\n')}\n`))) {
    const mapped = item.kind === 'record' ? mapRecord(preset, item) : null;
    if (mapped?.ok !== true) {
      throw new Error(`unexpected row: ${JSON.stringify(mapped ?? item)}`);
    }
    aggregator.add(mapped.record);
  }

  return aggregator.result();
}

describe('customer activity', () => {
  it('ana-01: a fully cancelled invoice and a return date are no purchase', async () => {
    const summary = await activityOf([
      '536901,X1,Mug,6,2026-03-02,2.5,17001,United Kingdom,',
      '537010,X2,Lamp,2,2026-03-10,10.0,17001,United Kingdom,',
      'C536905,X1,Mug,-6,2026-03-25,2.5,17001,United Kingdom,536901',
    ]);

    expect(summary.customers).toEqual([
      {
        customerId: '17001',
        monetaryMinor: 2000n,
        frequency: 1,
        lastPurchase: '2026-03-10',
        recencyDays: 22,
      },
    ]);
  });

  it('ana-01: finds the reversed invoice by customer and stock code if not named', async () => {
    const summary = await activityOf([
      '536901,X1,Mug,6,2026-03-02,2.5,17001,United Kingdom,',
      '537010,X2,Lamp,2,2026-03-10,10.0,17001,United Kingdom,',
      'C536905,X1,Mug,-6,2026-03-25,2.5,17001,United Kingdom,',
    ]);

    expect(summary.customers[0]).toMatchObject({ frequency: 1, lastPurchase: '2026-03-10' });
  });

  it('keeps a partly returned invoice as a purchase', async () => {
    const summary = await activityOf([
      '536901,X1,Mug,6,2026-03-02,2.5,17001,United Kingdom,',
      'C536905,X1,Mug,-2,2026-03-25,2.5,17001,United Kingdom,',
    ]);

    expect(summary.customers[0]).toMatchObject({
      monetaryMinor: 1000n,
      frequency: 1,
      lastPurchase: '2026-03-02',
      recencyDays: 30,
    });
  });

  it('ana-02: keeps guest sales in revenue without making them a customer', async () => {
    const summary = await activityOf([
      '600001,X,,1,2026-03-01,30.0,17001,United Kingdom,',
      '600002,X,,1,2026-03-01,45.0,17002,United Kingdom,',
      '600003,X,,1,2026-03-01,15.0,17002,United Kingdom,',
      '600004,X,,1,2026-03-01,50.0,,United Kingdom,',
      '600005,X,,1,2026-03-01,30.0,  ,United Kingdom,',
    ]);

    expect(summary.customers.map((customer) => customer.customerId)).toEqual(['17001', '17002']);
    expect(summary).toMatchObject({
      attributedRevenueMinor: 9000n,
      unattributedLines: 2,
      unattributedRevenueMinor: 8000n,
      totalRevenueMinor: 17000n,
    });
  });
});
