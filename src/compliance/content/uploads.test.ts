import { describe, expect, it } from 'vitest';
import { GuildError } from '../../core/errors/errors.js';
import { checkImage, displayName, MAX_UPLOAD_BYTES } from './uploads.js';

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A GIF header (logical screen 12,000 × 4,000) with nothing after it. */
const WIDE_GIF = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0xe0, 0x2e, 0xa0, 0x0f, 0, 0, 0]);

async function codeOf(bytes: Uint8Array): Promise<string | null> {
  try {
    await checkImage(bytes);
    return null;
  } catch (error) {
    return error instanceof GuildError ? error.code : 'thrown';
  }
}

describe('checkImage', () => {
  it('accepts a real PNG and reads its size from the bytes', async () => {
    await expect(checkImage(PNG_1X1)).resolves.toEqual({
      mediaType: 'image/png',
      width: 1,
      height: 1,
    });
  });

  it('refuses by the bytes whatever the file claims to be', async () => {
    expect(await codeOf(Buffer.from('<?php echo 1; ?>'))).toBe('upload_refused');
    expect(await codeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      'upload_refused',
    );
    expect(await codeOf(Buffer.from('PK\u0003\u0004docx'))).toBe('upload_refused');
    expect(await codeOf(new Uint8Array())).toBe('upload_refused');
  });

  it('refuses too many pixels and too many bytes', async () => {
    expect(await codeOf(WIDE_GIF)).toBe('upload_refused');
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(MAX_UPLOAD_BYTES)]);
    expect(await codeOf(big)).toBe('payload_too_large');
  });
});

describe('displayName', () => {
  it('keeps the last segment only, cleaned, never a path', () => {
    expect(displayName('../../x.png')).toBe('x.png');
    expect(displayName('..\\..\\windows\\evil.gif')).toBe('evil.gif');
    expect(displayName('.htaccess')).toBe('htaccess');
    expect(displayName('a<script>.png')).toBe('ascript.png');
    expect(displayName(undefined)).toBe('');
  });
});
