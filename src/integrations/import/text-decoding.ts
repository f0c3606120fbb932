/**
 * The text layer of Guild's import reader: detects the character encoding and turns byte
 * chunks into text chunks.
 *
 * Detection, in order:
 * 1. A byte-order mark decides: EF BB BF is UTF-8, FF FE is UTF-16 LE, FE FF is UTF-16 BE.
 *    The mark itself is dropped, so it never sticks to the first column name.
 * 2. Without a mark, NUL bytes at every other position in the first bytes mean UTF-16 (LE when
 *    the NULs are at odd offsets, BE when at even ones); ordinary text files never contain NUL.
 * 3. Otherwise the bytes are checked as strict UTF-8 (no overlong forms, no surrogates, no stray
 *    continuation bytes), one chunk at a time. The first chunk that is not valid UTF-8 switches
 *    decoding to Windows-1252 for that chunk and the rest of the file. Text written in
 *    Windows-1252 with any accented letter almost never forms valid UTF-8, because a byte from
 *    C0 to F4 would have to be followed by bytes from 80 to BF, which are mostly punctuation.
 *    Chunks before the switch were plain ASCII or valid UTF-8, so they decode the same either
 *    way unless the file mixes encodings; `switchedAtByte` records where the switch happened.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { takeBytes, prepend } from './byte-source.js';

/** The character encodings Guild's reader understands. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** What the text layer found out about the file. */
export interface DecodingState {
  /** The encoding in use (the final one, after any fallback); null until detected. */
  encoding: TextEncodingName | null;
  /** Whether the file started with a byte-order mark. */
  bom: boolean;
  /** Offset (in decoded bytes) where UTF-8 decoding gave way to Windows-1252, else null. */
  switchedAtByte: number | null;
}

const SNIFF_BYTES = 512;

/**
 * Decodes byte chunks into text chunks. `requested` forces an encoding; 'auto' detects it as
 * described in this module's comment. A byte-order mark always wins over `requested`.
 */
export async function* decodeText(
  chunks: AsyncIterable<Buffer>,
  requested: TextEncodingName | 'auto',
  state: DecodingState,
): AsyncGenerator<string> {
  const { head, rest } = await takeBytes(chunks, SNIFF_BYTES);

  const bom = detectBom(head);
  state.bom = bom !== null;
  state.encoding = bom?.encoding ?? (requested === 'auto' ? sniffEncoding(head) : requested);

  const body = prepend(head.subarray(bom?.length ?? 0), rest);
  const lenient = requested === 'auto' && state.encoding === 'utf-8';

  yield* lenient ? decodeUtf8OrLegacy(body, state) : decodeWith(body, state.encoding);
}

function detectBom(head: Buffer): { encoding: TextEncodingName; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) {
    return { encoding: 'utf-16le', length: 2 };
  }
  if (head[0] === 0xfe && head[1] === 0xff) {
    return { encoding: 'utf-16be', length: 2 };
  }

  return null;
}

function sniffEncoding(head: Buffer): TextEncodingName {
  const pairs = Math.floor(Math.min(head.length, SNIFF_BYTES) / 2);
  let evenZeros = 0;
  let oddZeros = 0;

  for (let index = 0; index < pairs * 2; index += 2) {
    evenZeros += head[index] === 0 ? 1 : 0;
    oddZeros += head[index + 1] === 0 ? 1 : 0;
  }

  if (pairs > 0 && oddZeros >= pairs * 0.3 && evenZeros === 0) {
    return 'utf-16le';
  }
  if (pairs > 0 && evenZeros >= pairs * 0.3 && oddZeros === 0) {
    return 'utf-16be';
  }

  return 'utf-8';
}

/**
 * Windows-1252 is ISO-8859-1 except for bytes 80 to 9F, which hold typographic punctuation,
 * the euro sign and a few letters; the five bytes 1252 leaves undefined keep their code.
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];
const C1_RANGE = /[\u0080-\u009f]/g;

/** Decodes Windows-1252 bytes (one byte is one character, so chunks decode independently). */
export function decodeWindows1252(bytes: Buffer): string {
  const text = bytes.toString('latin1');

  return text.replace(C1_RANGE, (char) =>
    String.fromCharCode(WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char.charCodeAt(0)),
  );
}

async function* decodeWith(
  chunks: AsyncIterable<Buffer>,
  encoding: TextEncodingName,
): AsyncGenerator<string> {
  if (encoding === 'windows-1252') {
    for await (const chunk of chunks) {
      yield decodeWindows1252(chunk);
    }
    return;
  }

  const decoder = new TextDecoder(encoding);

  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) {
      yield text;
    }
  }

  const tail = decoder.decode();
  if (tail.length > 0) {
    yield tail;
  }
}

async function* decodeUtf8OrLegacy(
  chunks: AsyncIterable<Buffer>,
  state: DecodingState,
): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;

  for await (const chunk of chunks) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;

    if (state.encoding === 'windows-1252') {
      carry = Buffer.alloc(0);
      yield decodeWindows1252(bytes);
      continue;
    }

    const cut = completeLength(bytes);
    const body = bytes.subarray(0, cut);

    if (isUtf8(body)) {
      carry = Buffer.from(bytes.subarray(cut));
      offset += body.length;
      yield body.toString('utf8');
      continue;
    }

    state.encoding = 'windows-1252';
    state.switchedAtByte = offset;
    carry = Buffer.alloc(0);
    yield decodeWindows1252(bytes);
  }

  yield* finishCarry(carry, state, offset);
}

function* finishCarry(carry: Buffer, state: DecodingState, offset: number): Generator<string> {
  if (carry.length === 0) {
    return;
  }

  if (state.encoding === 'utf-8' && !isUtf8(carry)) {
    state.encoding = 'windows-1252';
    state.switchedAtByte = offset;
  }

  yield state.encoding === 'utf-8' ? carry.toString('utf8') : decodeWindows1252(carry);
}

/**
 * Length of the prefix of `bytes` that does not end inside a multi-byte UTF-8 sequence, so a
 * character split across two chunks is validated and decoded whole.
 */
function completeLength(bytes: Buffer): number {
  const end = bytes.length;

  for (let index = end - 1; index >= Math.max(0, end - 4); index -= 1) {
    const byte = bytes[index] ?? 0;
    if ((byte & 0xc0) === 0x80) {
      continue;
    }
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;

    return end - index < needed ? index : end;
  }

  return end;
}
