/**
 * The byte layer of Guild's import reader: opens a path or takes a stream, counts the bytes it
 * consumes (for progress and ETA) and transparently decompresses gzip, recognised by its magic
 * bytes (1f 8b) rather than by the file name.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImportFileError } from './import-errors.js';

/** Progress of the byte layer, updated while records are read. */
export interface ByteProgress {
  /** Bytes consumed from the source so far (compressed bytes for a `.gz` file). */
  bytesRead: number;
  /** Size of the source file when it is a path, otherwise null. */
  totalBytes: number | null;
  /** Whether the source turned out to be gzip-compressed. */
  compressed: boolean;
}

/** The first bytes of a byte stream and an iterable over everything after them. */
export interface Head<T> {
  head: T;
  rest: AsyncIterable<T>;
}

const READ_CHUNK = 256 * 1024;

/**
 * Reads `source` as byte chunks, decompressing gzip when the stream starts with 1f 8b.
 * Concatenated gzip members are decompressed one after the other.
 */
export async function* readBytes(
  source: string | Readable,
  progress: ByteProgress,
): AsyncGenerator<Buffer> {
  const counted = countBytes(await openSource(source, progress), progress);

  const { head, rest } = await takeBytes(counted, 4);
  refuseWorkbooks(head);

  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    progress.compressed = true;
    yield* gunzip(prepend(head, rest));
    return;
  }

  yield* prepend(head, rest);
}

/** Reads chunks until at least `size` bytes are buffered (or the stream ends). */
export async function takeBytes(
  chunks: AsyncIterable<Buffer>,
  size: number,
): Promise<Head<Buffer>> {
  const iterator = chunks[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;

  while (length < size) {
    const next = await iterator.next();
    if (next.done === true) {
      break;
    }
    parts.push(next.value);
    length += next.value.length;
  }

  return { head: Buffer.concat(parts, length), rest: remaining(iterator) };
}

/** Yields `head` (when not empty) and then every chunk of `rest`. */
export async function* prepend(head: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) {
    yield head;
  }
  yield* rest;
}

/** Spreadsheet workbooks are a common upload mistake; say so instead of reading garbage. */
function refuseWorkbooks(head: Buffer): void {
  const magic = head.subarray(0, 4).toString('hex');

  if (magic === '504b0304' || magic === 'd0cf11e0') {
    throw new ImportFileError(
      'unsupported_format',
      'The file is a spreadsheet workbook (.xlsx or .xls), not CSV or NDJSON; save it as CSV.',
    );
  }
}

async function openSource(source: string | Readable, progress: ByteProgress): Promise<Readable> {
  if (typeof source !== 'string') {
    return source;
  }

  progress.totalBytes = (await stat(source)).size;

  return createReadStream(source, { highWaterMark: READ_CHUNK });
}

async function* countBytes(stream: Readable, progress: ByteProgress): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    progress.bytesRead += bytes.length;
    yield bytes;
  }
}

async function* remaining<T>(iterator: AsyncIterator<T>): AsyncGenerator<T> {
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) {
        return;
      }
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

async function* gunzip(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inflater = createGunzip({ chunkSize: READ_CHUNK });

  pipeline(Readable.from(compressed), inflater, () => {
    // Failures reach the consumer through the inflater's own iterator below.
  });

  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      yield chunk;
    }
  } catch (error) {
    throw asGzipError(error);
  }
}

function asGzipError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) {
    return error;
  }
  const detail = error instanceof Error ? error.message : String(error);

  return new ImportFileError('corrupt_gzip', `The gzip data is corrupt or truncated (${detail}).`, {
    cause: error,
  });
}
