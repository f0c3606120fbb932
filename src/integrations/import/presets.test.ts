import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from './import-reader.js';
import { bindPreset, mapRecord, type MapResult } from './mapping.js';
import { MappingFileError, loadMappingFile, parseMappingFile } from './mapping-file.js';
import {
  classifyStockCode,
  customersPreset,
  getPreset,
  onlineRetailPreset,
  shopifyOrdersPreset,
  socialMentionsPreset,
  type Customer,
} from './presets.js';
import { readAll, recordsOf, streamOf } from './test-support.js';

function raw(line: number, fields: Record<string, string>): RawRecord {
  return { kind: 'record', line, fields };
}

function recordOf<R>(result: MapResult<R>): R {
  if (!result.ok) {
    throw new Error(`expected a record, got ${JSON.stringify(result.errors)}`);
  }

  return result.record;
}

const UCI_ROW = {
  InvoiceNo: '536365',
  StockCode: '85123A',
  Description: 'WHITE HANGING HEART T-LIGHT HOLDER',
  Quantity: '6',
  InvoiceDate: '2010-12-01 08:26:00',
  UnitPrice: '2.55',
  CustomerID: '17850',
  Country: 'United Kingdom',
};

describe('the online-retail preset', () => {
  const preset = onlineRetailPreset();

  it('maps a UCI row to an order line', () => {
    const line = recordOf(mapRecord(preset, raw(2, UCI_ROW)));

    expect(line).toEqual({
      recordType: 'order-line',
      line: 2,
      invoiceNo: '536365',
      isCancellation: false,
      isAdjustment: false,
      cancelsInvoice: null,
      stockCode: '85123A',
      description: 'WHITE HANGING HEART T-LIGHT HOLDER',
      quantity: 6,
      unitPrice: { units: 255n, scale: 2 },
      unitPriceMinor: 255n,
      currency: 'GBP',
      invoiceDate: new Date('2010-12-01T08:26:00Z'),
      customerId: '17850',
      country: 'United Kingdom',
      lineKind: 'product',
    });
  });

  it('marks cancellations, adjustments and guest sales', () => {
    const cancelled = recordOf(
      mapRecord(preset, raw(3, { ...UCI_ROW, InvoiceNo: 'C536379', Quantity: '-1' })),
    );
    const adjusted = recordOf(
      mapRecord(preset, raw(4, { ...UCI_ROW, InvoiceNo: 'A563185', StockCode: 'B' })),
    );
    const guest = recordOf(mapRecord(preset, raw(5, { ...UCI_ROW, CustomerID: '' })));

    expect(cancelled).toMatchObject({ isCancellation: true, quantity: -1 });
    expect(adjusted).toMatchObject({ isAdjustment: true, lineKind: 'adjustment' });
    expect(guest.customerId).toBeNull();
  });

  it('keeps a sub-penny price exact and rounds it half to even for minor units', () => {
    const line = recordOf(mapRecord(preset, raw(6, { ...UCI_ROW, UnitPrice: '0.001' })));

    expect(line.unitPrice).toEqual({ units: 1n, scale: 3 });
    expect(line.unitPriceMinor).toBe(0n);
  });

  it('reads the original workbook dates, month first, in London time', () => {
    const line = recordOf(mapRecord(preset, raw(7, { ...UCI_ROW, InvoiceDate: '6/1/2011 9:05' })));

    expect(line.invoiceDate.toISOString()).toBe('2011-06-01T08:05:00.000Z');
  });

  it('reports every bad value with its line, column, value and reason', () => {
    const result = mapRecord(
      preset,
      raw(9, { ...UCI_ROW, Quantity: '6x', UnitPrice: '', InvoiceDate: '31/31/2011' }),
    );

    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 9,
          column: 'Quantity',
          value: '6x',
          reason: 'not a number in en-GB format (decimal mark ".")',
        },
        { line: 9, column: 'UnitPrice', value: '', reason: 'a value is required' },
        { line: 9, column: 'InvoiceDate', value: '31/31/2011', reason: 'not a real calendar date' },
      ],
    });
  });

  it('says when a required column is missing altogether', () => {
    const fields: Record<string, string> = { ...UCI_ROW };
    delete fields.InvoiceNo;
    const result = mapRecord(preset, raw(2, fields));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toEqual({
      line: 2,
      column: 'InvoiceNo',
      value: '',
      reason: 'the column is missing (looked for InvoiceNo)',
    });
  });

  it('classifies the non-product stock codes', () => {
    const kinds = Object.fromEntries(
      ['POST', 'DOT', 'C2', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'B', 'D', 'S', 'M', 'm']
        .concat(['gift_0001_20', '85123A', 'DCGSSGIRL', 'PADS'])
        .map((code) => [code, classifyStockCode(code)]),
    );

    expect(kinds).toEqual({
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
      m: 'manual',
      gift_0001_20: 'voucher',
      '85123A': 'product',
      DCGSSGIRL: 'product',
      PADS: 'product',
    });
  });
});

describe('the customers preset', () => {
  it('csv-01: maps every column of a BOM-prefixed file, the first one included', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('email,first_name,city\r\nmara.l@example.com,Mara,Leeds\r\n'),
    ]);
    const { info, items } = await readAll(streamOf(bytes));

    const bound = bindPreset(customersPreset(), info.headers);
    const customer = recordOf(mapRecord(bound.preset, items[0] as RawRecord));

    expect(bound.unmapped).toEqual([]);
    expect(bound.missingRequired).toEqual([]);
    expect(customer).toMatchObject({
      email: { address: 'mara.l@example.com', key: 'mara.l@example.com' },
      firstName: 'Mara',
      region: 'Leeds',
    });
  });

  it('csv-06: matches emails trimmed and case-folded, in the file and against known', async () => {
    const text =
      'email,first_name,last_name\nNora.Berg@Example.com,Nora,Berg\n' +
      ' nora.berg@example.com ,Nora,B.\nola.hansen@example.com,Ola,Hansen\n';
    const { items } = await readAll(streamOf(text));
    const preset = customersPreset();
    const results = items.map((item) => mapRecord(preset, item as RawRecord));
    const customers = results.map(recordOf);

    const known = new Set(['nora.berg@example.com']);
    let created = 0;
    let merged = 0;
    for (const customer of customers) {
      const key = customer.email?.key ?? '';
      merged += known.has(key) ? 1 : 0;
      created += known.has(key) ? 0 : 1;
      known.add(key);
    }

    expect(results.filter((result) => !result.ok)).toHaveLength(0);
    expect({ created, merged, total: known.size }).toEqual({ created: 1, merged: 2, total: 2 });
  });

  it('matches column names ignoring case, spaces and underscores once bound', () => {
    const headers = ['Customer ID', 'E-Mail', 'First Name', 'Accepts Marketing', 'Loyalty Number'];
    const bound = bindPreset(customersPreset(), headers);
    const fields = Object.fromEntries(
      headers.map((h, i) => [h, ['0042', 'A@B.example', 'Ada', 'ja', '00991'][i] ?? '']),
    );

    const customer: Customer = recordOf(mapRecord(bound.preset, raw(2, fields)));

    expect(bound.unmapped).toEqual([]);
    expect(customer).toMatchObject({
      externalId: '0042',
      email: { key: 'a@b.example' },
      firstName: 'Ada',
      consent: { email: true, sms: null },
      loyaltyId: '00991',
    });
  });

  it('needs an external id or an email address', () => {
    const result = mapRecord(customersPreset(), raw(3, { first_name: 'Anon' }));

    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          column: 'external_id',
          value: '',
          reason: 'a customer needs an external id or an email address',
        },
      ],
    });
  });
});

describe('the shopify-orders preset', () => {
  const header =
    'Name,Email,Financial Status,Paid at,Currency,Subtotal,Shipping,Taxes,Total,Created at,' +
    'Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Country,' +
    'Refunded Amount,Id';

  it('maps line items, with order-level amounts on the first row only', async () => {
    const text =
      `${header}\n` +
      '#1001,Ann@Example.com,paid,2024-05-02 10:12:33 +0200,EUR,53.90,4.90,0.00,58.80,' +
      '2024-05-02 10:12:30 +0200,2,Mug,19.95,MUG-01,DE,0.00,5501\n' +
      '#1001,Ann@Example.com,,,,,,,,2024-05-02 10:12:30 +0200,1,Tea,14.00,TEA-007,,,5501\n';
    const { items } = await readAll(streamOf(text));
    const preset = shopifyOrdersPreset({ currency: 'EUR' });

    const [first, second] = items.map((item) => recordOf(mapRecord(preset, item as RawRecord)));

    expect(first).toMatchObject({
      orderName: '#1001',
      orderId: '5501',
      email: { key: 'ann@example.com' },
      financialStatus: 'paid',
      orderedAt: new Date('2024-05-02T08:12:30Z'),
      quantity: 2,
      unitPriceMinor: 1995n,
      sku: 'MUG-01',
      totals: { subtotalMinor: 5390n, shippingMinor: 490n, totalMinor: 5880n, refundedMinor: 0n },
    });
    expect(second).toMatchObject({ sku: 'TEA-007', unitPriceMinor: 1400n, totals: null });
    expect(second?.financialStatus).toBeNull();
  });

  it("counts each row's amounts in the minor units of that row's currency", async () => {
    const text =
      `${header}\n` +
      '#2001,a@example.com,paid,,JPY,3000,0,0,3000,2024-05-02 10:00:00 +0900,3,Cup,1000,CUP,JP,0,7001\n' +
      '#2002,b@example.com,paid,,KWD,1.250,0,0,1.250,2024-05-02 10:00:00 +0300,1,Tin,1.250,TIN,KW,0,7002\n' +
      '#2003,c@example.com,paid,,JPY,0,0,0,0,2024-05-02 10:00:00 +0900,1,Cup,1000.5,CUP,JP,0,7003\n';
    const { items } = await readAll(streamOf(text));
    const preset = shopifyOrdersPreset();
    const [yen, dinar, fraction] = items.map((item) => mapRecord(preset, item as RawRecord));

    expect(yen?.ok && yen.record).toMatchObject({
      currency: 'JPY',
      unitPriceMinor: 1000n,
      totals: { totalMinor: 3000n },
    });
    expect(dinar?.ok && dinar.record).toMatchObject({ currency: 'KWD', unitPriceMinor: 1250n });
    expect(fraction?.ok).toBe(false);
    expect(fraction?.ok === false && fraction.errors[0]).toMatchObject({
      line: 4,
      column: 'Lineitem price',
      value: '1000.5',
    });
  });
});

describe('the social-mentions preset', () => {
  it('maps an airline-tweets row to a mention', () => {
    const fields = {
      tweet_id: '570306133677760513',
      airline_sentiment: 'neutral',
      airline: 'Virgin America',
      name: 'member-57f91afb',
      retweet_count: '0',
      text: '@VirginAmerica What @user said.',
      tweet_created: '2015-02-24 11:35:52 -0800',
    };

    const mention = recordOf(mapRecord(socialMentionsPreset(), raw(2, fields)));

    expect(mention).toEqual({
      recordType: 'mention',
      line: 2,
      externalId: '570306133677760513',
      platform: 'twitter',
      brand: 'Virgin America',
      authorHandle: 'member-57f91afb',
      text: '@VirginAmerica What @user said.',
      createdAt: new Date('2015-02-24T19:35:52Z'),
      reach: 0,
      sentiment: 'neutral',
    });
  });
});

describe('mapping files', () => {
  it('renames columns and sets options of a preset', async () => {
    const mapping = parseMappingFile({
      preset: 'customers',
      columns: { externalId: 'Kundennummer', email: ['E-Mail-Adresse'] },
      options: { locale: 'de-DE' },
      reader: { delimiter: ';', encoding: 'windows-1252' },
    });
    const bytes = Buffer.from('Kundennummer;E-Mail-Adresse\n000777;Jörg@Example.de\n', 'latin1');
    const { items } = await readAll(streamOf(bytes), mapping.reader);

    const customer = recordOf(mapRecord(mapping.preset, items[0] as RawRecord));

    expect(mapping.reader).toEqual({ delimiter: ';', encoding: 'windows-1252' });
    expect(customer).toMatchObject({ externalId: '000777', email: { key: 'jörg@example.de' } });
    expect(recordsOf(items)).toHaveLength(1);
  });

  it('lists every problem of an invalid mapping file at once', () => {
    const attempt = (): unknown =>
      parseMappingFile(
        {
          preset: 'customers',
          colums: {},
          columns: { emial: 'Email', firstName: [] },
          options: { locale: 'xx-INVALID-LOCALE-!!', timeZone: 'Mars/Base', dateOrder: 'dym' },
          reader: { delimiter: ':' },
        },
        'acme.json',
      );

    expect(attempt).toThrow(MappingFileError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as MappingFileError).problems;
      expect(problems).toEqual([
        'colums: unknown key (allowed: preset, columns, options, reader)',
        'options.locale "xx-INVALID-LOCALE-!!" is not a known locale',
        'options.timeZone "Mars/Base" is not a known IANA time zone',
        'options.dateOrder must be "ymd", "dmy" or "mdy"',
        'reader.delimiter: must be one of "auto", ",", ";", "\\t", "|"',
        expect.stringMatching(/^columns\.emial: not a field of customers \(fields: externalId,/),
        'columns.firstName: must be a column name or a non-empty list of column names',
      ]);
      expect((error as Error).message).toMatch(/^acme\.json is not a valid mapping file/);
    }
  });

  it('refuses an unknown preset and a file that is not JSON', async () => {
    expect(() => parseMappingFile({ preset: 'nope' })).toThrow(
      /preset: must be one of online-retail/,
    );

    const dir = await mkdtemp(join(tmpdir(), 'guild-mapping-'));
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "preset": ');

    await expect(loadMappingFile(file)).rejects.toThrow(/not valid JSON/);
  });

  it('loads a mapping file from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guild-mapping-'));
    const file = join(dir, 'retail.json');
    await writeFile(
      file,
      JSON.stringify({ preset: 'online-retail', options: { currency: 'EUR' } }),
    );

    const mapping = await loadMappingFile(file);
    const line = recordOf(mapRecord(mapping.preset, raw(2, UCI_ROW)));

    expect(line).toMatchObject({ currency: 'EUR', unitPriceMinor: 255n });
    expect(getPreset('online-retail').name).toBe('online-retail');
  });
});
