/**
 * Helpers shared by the importer tests: building byte streams and reading them whole.
 */
import { Readable } from 'node:stream';
import {
  openRecords,
  type ReadItem,
  type ReaderInfo,
  type ReaderOptions,
} from './import-reader.js';

/** A stream of `bytes`, cut into chunks of `size` bytes (one chunk when omitted). */
export function streamOf(bytes: Buffer | string, size?: number): Readable {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const chunks: Buffer[] = [];
  const step = size ?? Math.max(buffer.length, 1);

  for (let start = 0; start < buffer.length; start += step) {
    chunks.push(buffer.subarray(start, start + step));
  }

  return Readable.from(chunks);
}

/** Reads every item of a source. */
export async function readAll(
  source: string | Readable,
  options: ReaderOptions = {},
): Promise<{ info: ReaderInfo; items: ReadItem[] }> {
  const stream = openRecords(source, options);
  const items: ReadItem[] = [];

  for await (const item of stream) {
    items.push(item);
  }

  return { info: stream.info, items };
}

/** The fields of every record item. */
export function recordsOf(items: readonly ReadItem[]): Record<string, string>[] {
  return items.flatMap((item) => (item.kind === 'record' ? [item.fields] : []));
}

/** Text encoded as UTF-16, little- or big-endian, with a byte-order mark. */
export function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const body = Buffer.from(text, 'utf16le');

  if (endian === 'be') {
    body.swap16();
    return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
  }

  return Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
}
