import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from './import-errors.js';
import { openRecords, previewRecords, type MalformedRow } from './import-reader.js';
import { readAll, recordsOf, streamOf, utf16 } from './test-support.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('the import reader: cases', () => {
  it('csv-01: drops a UTF-8 byte-order mark, so the first column keeps its name', async () => {
    const bytes = Buffer.concat([
      BOM,
      Buffer.from('email,first_name,city\r\nmara.l@example.com,Mara,Leeds\r\n'),
    ]);

    const { info, items } = await readAll(streamOf(bytes));

    expect(info.headers).toEqual(['email', 'first_name', 'city']);
    expect(info.bom).toBe(true);
    expect(recordsOf(items)).toEqual([
      { email: 'mara.l@example.com', first_name: 'Mara', city: 'Leeds' },
    ]);
  });

  it('csv-02: detects the semicolon delimiter from the header line', async () => {
    const text =
      'customer_id;order_total;tax\nC-001;125,50;20,08\nC-002;1.000;0,00\n' +
      'C-003;1.355,90;216,94\nC-004;-12,25;0,00\n';

    const { info, items } = await readAll(streamOf(text));

    expect(info.delimiter).toBe(';');
    expect(info.headers).toHaveLength(3);
    expect(recordsOf(items).map((row) => row.order_total)).toEqual([
      '125,50',
      '1.000',
      '1.355,90',
      '-12,25',
    ]);
  });

  it('csv-03: counts records, not lines; lines stay right after a quoted newline', async () => {
    const text =
      'customer_id,note\r\nC-10,"Prefers pickup\nat the Leeds store"\r\n' +
      'C-11,"Gift wrap, please"\r\n';

    const { info, items } = await readAll(streamOf(text));

    expect(info.records).toBe(2);
    expect(items).toEqual([
      {
        kind: 'record',
        line: 2,
        fields: { customer_id: 'C-10', note: 'Prefers pickup\nat the Leeds store' },
      },
      { kind: 'record', line: 4, fields: { customer_id: 'C-11', note: 'Gift wrap, please' } },
    ]);
  });

  it('csv-05: keeps every value a string, leading zeros and all, quoted or not', async () => {
    const text =
      'customer_id,postcode,phone\n000123,04101,07700900456\n"0100","00042","07700900789"\n';

    const rows = recordsOf((await readAll(streamOf(text))).items);

    expect(rows.map((row) => row.customer_id)).toEqual(['000123', '0100']);
    expect(rows.map((row) => row.postcode)).toEqual(['04101', '00042']);
    expect(rows.map((row) => row.phone)).toEqual(['07700900456', '07700900789']);
    expect(rows.every((row) => Object.values(row).every((v) => typeof v === 'string'))).toBe(true);
  });
});

describe('the import reader: compression and encodings', () => {
  const text = 'id,name,city\n1,Zoë Brontë,Köln\n2,Łukasz,Kraków\n';
  const expected = [
    { id: '1', name: 'Zoë Brontë', city: 'Köln' },
    { id: '2', name: 'Łukasz', city: 'Kraków' },
  ];

  it('decompresses gzip recognised by its magic bytes, whatever the file is called', async () => {
    const { info, items } = await readAll(streamOf(gzipSync(text), 7), { fileName: 'x.csv' });

    expect(info.compressed).toBe(true);
    expect(recordsOf(items)).toEqual(expected);
  });

  it('decompresses concatenated gzip members', async () => {
    const bytes = Buffer.concat([gzipSync('id,name\n1,a\n'), gzipSync('2,b\n')]);

    const rows = recordsOf((await readAll(streamOf(bytes))).items);

    expect(rows).toEqual([
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
    ]);
  });

  it('refuses a spreadsheet workbook with a clear error', async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);

    await expect(readAll(streamOf(zip))).rejects.toMatchObject({ code: 'unsupported_format' });
  });

  it('reports corrupt gzip data as a file-level error', async () => {
    const bytes = gzipSync(text).subarray(0, 20);

    await expect(readAll(streamOf(bytes))).rejects.toMatchObject({ code: 'corrupt_gzip' });
  });

  it('reads UTF-16 LE and BE with a byte-order mark', async () => {
    for (const endian of ['le', 'be'] as const) {
      const { info, items } = await readAll(streamOf(utf16(text, endian), 5));

      expect(info.encoding).toBe(endian === 'le' ? 'utf-16le' : 'utf-16be');
      expect(recordsOf(items)).toEqual(expected);
    }
  });

  it('reads UTF-16 LE without a byte-order mark by its NUL bytes', async () => {
    const { info, items } = await readAll(streamOf(Buffer.from(text, 'utf16le')));

    expect(info.encoding).toBe('utf-16le');
    expect(recordsOf(items)).toEqual(expected);
  });

  it('falls back to Windows-1252 when the bytes are not valid UTF-8', async () => {
    const bytes = Buffer.from([
      ...Buffer.from('id,name,price\n1,Caf'),
      0xe9,
      ...Buffer.from(',5 '),
      0x80,
      ...Buffer.from('\n2,'),
      0x93,
      ...Buffer.from('Quoted'),
      0x94,
      ...Buffer.from(',0\n'),
    ]);

    const { info, items } = await readAll(streamOf(bytes));

    expect(info.encoding).toBe('windows-1252');
    expect(info.switchedAtByte).toBe(0);
    expect(recordsOf(items)).toEqual([
      { id: '1', name: 'Café', price: '5 €' },
      { id: '2', name: '\u201cQuoted\u201d', price: '0' },
    ]);
  });

  it('switches to Windows-1252 at the first invalid byte, later in the file', async () => {
    const head = Buffer.from(`id,name\n${'1,plain ascii\n'.repeat(40)}`);
    const tail = Buffer.from([...Buffer.from('2,M'), 0xfc, ...Buffer.from('ller\n')]);

    const { info, items } = await readAll(streamOf(Buffer.concat([head, tail]), 64));

    expect(info.encoding).toBe('windows-1252');
    expect(info.switchedAtByte).toBeGreaterThan(0);
    expect(recordsOf(items).at(-1)).toEqual({ id: '2', name: 'Müller' });
  });

  it('keeps UTF-8 characters split across chunk boundaries', async () => {
    const { info, items } = await readAll(streamOf(text, 1));

    expect(info.encoding).toBe('utf-8');
    expect(recordsOf(items)).toEqual(expected);
  });
});

describe('the import reader: CSV details', () => {
  it('reads the same records whatever the chunk size', async () => {
    const text = 'a,b,c\r\n1,"x ""y"" z",3\r\n\r\n4,"multi\r\nline\nfield",6\r7,8,9\n"10",,"12"';
    const whole = await readAll(streamOf(text));

    for (const size of [1, 2, 3, 5, 8]) {
      const chunked = await readAll(streamOf(text, size));
      expect(chunked.items).toEqual(whole.items);
    }
    expect(whole.items).toEqual([
      { kind: 'record', line: 2, fields: { a: '1', b: 'x "y" z', c: '3' } },
      { kind: 'record', line: 4, fields: { a: '4', b: 'multi\r\nline\nfield', c: '6' } },
      { kind: 'record', line: 7, fields: { a: '7', b: '8', c: '9' } },
      { kind: 'record', line: 8, fields: { a: '10', b: '', c: '12' } },
    ]);
  });

  it.each([
    [',', 'a,b\n1,2\n'],
    [';', 'a;b\n1;2\n'],
    ['\t', 'a\tb\n1\t2\n'],
    ['|', 'a|b\n1|2\n'],
  ])('detects the delimiter %j', async (delimiter, text) => {
    const { info, items } = await readAll(streamOf(text));

    expect(info.delimiter).toBe(delimiter);
    expect(recordsOf(items)).toEqual([{ a: '1', b: '2' }]);
  });

  it('ignores delimiters inside quoted header names when detecting', async () => {
    const { info } = await readAll(streamOf('"a,b,c";"d"\n1;2\n'));

    expect(info.delimiter).toBe(';');
    expect(info.headers).toEqual(['a,b,c', 'd']);
  });

  it('trims header names and names empty ones by position', async () => {
    const { info } = await readAll(streamOf(' id , Name ,\n1,2,3\n'));

    expect(info.headers).toEqual(['id', 'Name', 'column_3']);
  });

  it('refuses a header that names a column twice', async () => {
    await expect(readAll(streamOf('id,id\n1,2\n'))).rejects.toMatchObject({
      code: 'duplicate_column',
    });
  });

  it('refuses an empty file', async () => {
    await expect(readAll(streamOf(''))).rejects.toBeInstanceOf(ImportFileError);
  });

  it('can be read only once', async () => {
    const stream = openRecords(streamOf('a\n1\n'));
    for await (const item of stream) {
      expect(item.kind).toBe('record');
    }

    expect(() => stream[Symbol.asyncIterator]()).toThrow(ImportFileError);
  });

  it('previews exactly what the import reads', async () => {
    const text = `id,total\n${Array.from({ length: 50 }, (_, i) => `${i},${i}.5`).join('\n')}\n`;

    const preview = await previewRecords(streamOf(text, 16), {}, 5);
    const full = await readAll(streamOf(text, 16));

    expect(preview.items).toEqual(full.items.slice(0, 5));
    expect(preview.info.delimiter).toBe(full.info.delimiter);
  });
});

describe('the import reader: generated files', () => {
  /** A small deterministic pseudo-random generator, so failures can be replayed. */
  function generator(seed: number): () => number {
    let state = seed;
    return () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
  }

  const pieces = ['a', 'Zoë', '0042', ' ', ',', ';', '"', '""', '\n', '\r\n', '£', ''];

  function field(random: () => number): string {
    const length = Math.floor(random() * 4);
    return Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
  }

  function cell(value: string): string {
    return /[",\r\n]/.test(value) || value.trim() !== value
      ? `"${value.replaceAll('"', '""')}"`
      : value;
  }

  it('reads back every generated record with its starting line, at any chunk size', async () => {
    for (let seed = 1; seed <= 25; seed += 1) {
      const random = generator(seed);
      const rows = Array.from({ length: 30 }, () => ['x', 'y', 'z'].map(() => field(random)));
      const lines = rows.map((row) => row.map(cell).join(','));
      const text = `x,y,z\r\n${lines.join('\r\n')}\r\n`;

      let line = 2;
      const expected = rows.map((row, index) => {
        const item = { kind: 'record', line, fields: { x: row[0], y: row[1], z: row[2] } };
        line += 1 + ((lines[index] ?? '').match(/\r\n|\n|\r/g)?.length ?? 0);
        return item;
      });
      const chunk = 1 + Math.floor(random() * 40);

      const { items } = await readAll(streamOf(text, chunk));

      expect(items).toEqual(expected);
    }
  });
});

describe('the import reader: malformed rows', () => {
  it('reports a wrong field count with its line and the first missing column', async () => {
    const text = 'id,name,city\n1,Ann,Leeds\n2,Bob\n3,Cy,York,extra\n4,Di,Hull\n';

    const { info, items } = await readAll(streamOf(text));
    const malformed = items.filter((item): item is MalformedRow => item.kind === 'malformed');

    expect(info.records).toBe(2);
    expect(malformed).toEqual([
      expect.objectContaining({ line: 3, column: 'city', reason: 'expected 3 fields, found 2' }),
      expect.objectContaining({ line: 4, column: null, reason: 'expected 3 fields, found 4' }),
    ]);
  });

  it('recovers from a quote that is never closed on the next line', async () => {
    const text = 'id,note\n1,fine\n2,"broken\n3,after\n4,"ok, quoted"\n';

    const whole = await readAll(streamOf(text));
    const { items } = await readAll(streamOf(text, 4));

    expect(whole.items).toEqual(items);
    expect(items).toEqual([
      { kind: 'record', line: 2, fields: { id: '1', note: 'fine' } },
      expect.objectContaining({
        kind: 'malformed',
        line: 3,
        column: 'note',
        reason: 'a quoted field is never closed',
      }),
      { kind: 'record', line: 4, fields: { id: '3', note: 'after' } },
      { kind: 'record', line: 5, fields: { id: '4', note: 'ok, quoted' } },
    ]);
  });

  it('reports a quote still open at the end of the file and keeps the rows after it', async () => {
    const { items } = await readAll(streamOf('id,note\n1,"never closed\n2,x\n'));

    expect(items).toEqual([
      expect.objectContaining({ kind: 'malformed', line: 2, column: 'note' }),
      { kind: 'record', line: 3, fields: { id: '2', note: 'x' } },
    ]);
  });

  it('gives up on an over-long record and resumes on the next line', async () => {
    const text = `id,note\n1,"${'x'.repeat(300)}\n2,next\n`;

    const { items } = await readAll(streamOf(text, 32), { maxRecordChars: 100 });

    expect(items[0]).toMatchObject({ kind: 'malformed', line: 2 });
    expect(items[1]).toEqual({ kind: 'record', line: 3, fields: { id: '2', note: 'next' } });
  });

  it('reports text after a closing quote in the column where it happens', async () => {
    const { items } = await readAll(streamOf('id,size\n1,"6"inch\n2,"7"\n'));

    expect(items[0]).toMatchObject({
      kind: 'malformed',
      line: 2,
      column: 'size',
      reason: 'text follows the closing quote',
    });
    expect(items[1]).toEqual({ kind: 'record', line: 3, fields: { id: '2', size: '7' } });
  });

  it('gives up on the file past the malformed-row limit', async () => {
    const text = `a,b\n${'1\n'.repeat(5)}`;

    await expect(readAll(streamOf(text), { maxMalformedRows: 3 })).rejects.toMatchObject({
      code: 'too_many_malformed_rows',
    });
  });

  it('skips blank and whitespace-only lines without an error', async () => {
    const { items } = await readAll(streamOf('a,b\n\n   \n1,2\n'));

    expect(items).toEqual([{ kind: 'record', line: 4, fields: { a: '1', b: '2' } }]);
  });
});

describe('the import reader: NDJSON', () => {
  it('reads NDJSON by extension, keeping numbers as their exact text', async () => {
    const text =
      '{"tweet_id": 570306133677760513, "price": 2.50, "ok": true, "gone": null}\n' +
      '\n' +
      '{"tweet_id": "007", "customer": {"email": "a@b.example", "tags": [1, "x"]}}\r\n';

    const { info, items } = await readAll(streamOf(text), { fileName: 'mentions.jsonl.gz' });

    expect(info.format).toBe('ndjson');
    expect(info.headers).toEqual(['tweet_id', 'price', 'ok', 'gone']);
    expect(items).toEqual([
      {
        kind: 'record',
        line: 1,
        fields: { tweet_id: '570306133677760513', price: '2.50', ok: 'true', gone: '' },
      },
      {
        kind: 'record',
        line: 3,
        fields: { tweet_id: '007', 'customer.email': 'a@b.example', 'customer.tags': '["1","x"]' },
      },
    ]);
  });

  it('sniffs NDJSON from the first character and reports bad lines', async () => {
    const text = '{"a": "1"}\n{"a": oops}\n[1, 2]\n{"a": "4"}\n';

    const { info, items } = await readAll(streamOf(text));

    expect(info.format).toBe('ndjson');
    expect(items.map((item) => [item.kind, item.line])).toEqual([
      ['record', 1],
      ['malformed', 2],
      ['malformed', 3],
      ['record', 4],
    ]);
    expect(items[2]).toMatchObject({ reason: 'each line must hold one JSON object' });
  });
});
