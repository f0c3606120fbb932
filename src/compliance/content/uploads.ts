/**
 * Images ambassadors upload with a submission (SECURITY.md S12). A file is judged by its bytes
 * alone: its type is detected from the magic bytes (PNG, JPEG, WebP or GIF; never SVG, never
 * by the name or the type the client claimed), its size is capped, and its dimensions are read
 * from the header and capped in pixels, so a tiny file that would open as a huge bitmap is
 * refused. The bytes live in the database under an id Guild makes; the client's name is kept
 * cleaned for display only and never becomes a path.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { plainTextLine } from '../../core/text/plain-text.js';

/** The largest image accepted, in bytes. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** The most pixels (width × height) an image may have. */
export const MAX_UPLOAD_PIXELS = 40_000_000;

export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];

export interface CheckedImage {
  mediaType: UploadType;
  width: number;
  height: number;
}

const refuse = (why: string, details?: Record<string, unknown>) =>
  new GuildError('upload_refused', why, details);

/** Judges `bytes` as an image; throws `upload_refused` or `payload_too_large`. */
export async function checkImage(bytes: Uint8Array): Promise<CheckedImage> {
  if (bytes.length === 0) {
    throw refuse('The file is empty.');
  }
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new GuildError(
      'payload_too_large',
      `An image may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
      { maxBytes: MAX_UPLOAD_BYTES },
    );
  }
  const detected = await fileTypeFromBuffer(bytes);
  const mediaType = UPLOAD_TYPES.find((type) => type === detected?.mime);
  if (!mediaType) {
    throw refuse('Only PNG, JPEG, WebP and GIF images are accepted (judged by the file’s bytes).', {
      detected: detected?.mime ?? null,
    });
  }
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    throw refuse('The image’s size cannot be read; the file may be damaged.');
  }
  const width = size.width ?? 0;
  const height = size.height ?? 0;
  if (width < 1 || height < 1) {
    throw refuse('The image’s size cannot be read; the file may be damaged.');
  }
  if (width * height > MAX_UPLOAD_PIXELS) {
    throw refuse(`The image has more than ${MAX_UPLOAD_PIXELS / 1_000_000} million pixels.`, {
      width,
      height,
      maxPixels: MAX_UPLOAD_PIXELS,
    });
  }
  return { mediaType, width, height };
}

/** A client's file name as shown to people: its last segment, cleaned, at most 120 characters. */
export function displayName(raw: string | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  return plainTextLine(last)
    .replace(/[^\p{L}\p{N} ._()-]/gu, '')
    .replace(/^\.+/, '')
    .slice(0, 120);
}

export interface Upload extends CheckedImage {
  id: string;
  ownerId: string | null;
  byteSize: number;
  sha256: string;
  displayName: string;
  createdAt: Date;
}

interface UploadRow {
  id: string;
  owner_id: string | null;
  media_type: UploadType;
  byte_size: number;
  width: number;
  height: number;
  sha256: string;
  display_name: string;
  created_at: Date | string;
}

const uploadOf = (row: UploadRow): Upload => ({
  id: row.id,
  ownerId: row.owner_id,
  mediaType: row.media_type,
  byteSize: row.byte_size,
  width: row.width,
  height: row.height,
  sha256: row.sha256,
  displayName: row.display_name,
  createdAt: new Date(row.created_at),
});

const COLUMNS = sql`id, owner_id, media_type, byte_size, width, height, sha256, display_name,
  created_at`;

/** Checks and stores an image for `ownerId`. */
export async function storeUpload(
  tx: Orm,
  tenantId: string,
  ownerId: string,
  input: { bytes: Uint8Array; filename?: string },
): Promise<Upload> {
  const image = await checkImage(input.bytes);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const [row] = await sqlRows<UploadRow>(
    tx,
    sql`insert into content_uploads (tenant_id, owner_id, media_type, byte_size, width, height,
          sha256, display_name, data)
        values (${tenantId}, ${ownerId}, ${image.mediaType}, ${input.bytes.length},
          ${image.width}, ${image.height}, ${sha256}, ${displayName(input.filename)},
          decode(${Buffer.from(input.bytes).toString('base64')}, 'base64'))
        returning ${COLUMNS}`,
  );
  return uploadOf(row!);
}

/** An upload's metadata; not_found when missing. */
export async function getUpload(tx: Orm, id: string): Promise<Upload> {
  const [row] = await sqlRows<UploadRow>(
    tx,
    sql`select ${COLUMNS} from content_uploads where id = ${id}`,
  );
  if (!row) {
    throw fail.notFound('No such upload.');
  }
  return uploadOf(row);
}

/** An upload's bytes. */
export async function uploadBytes(tx: Orm, id: string): Promise<Buffer> {
  const [row] = await sqlRows<{ data: string }>(
    tx,
    sql`select encode(data, 'base64') as data from content_uploads where id = ${id}`,
  );
  if (!row) {
    throw fail.notFound('No such upload.');
  }
  return Buffer.from(row.data, 'base64');
}
