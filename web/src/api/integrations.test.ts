import { describe, expect, it } from 'vitest';
import { uploadType } from './integrations';

describe('uploadType', () => {
  it('keeps a type the import route takes', () => {
    expect(uploadType({ name: 'orders.csv', type: 'text/csv' })).toBe('text/csv');
    expect(uploadType({ name: 'x.ndjson', type: 'application/x-ndjson' })).toBe(
      'application/x-ndjson',
    );
  });

  it('guesses from the name when the browser names another type or none', () => {
    expect(uploadType({ name: 'Orders.CSV', type: 'application/vnd.ms-excel' })).toBe('text/csv');
    expect(uploadType({ name: 'orders.csv.gz', type: '' })).toBe('application/gzip');
    expect(uploadType({ name: 'mentions.jsonl', type: '' })).toBe('application/x-ndjson');
    expect(uploadType({ name: 'export', type: '' })).toBe('application/octet-stream');
  });
});
