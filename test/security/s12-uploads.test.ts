/**
 * S12 (SECURITY.md) — upload abuse. Guild's only uploads are the images ambassadors attach to
 * content submissions (`POST /api/v1/content/uploads`): judged by their bytes, capped in bytes
 * and pixels, stored in the database under an id Guild makes (no file path at all, so nothing
 * can execute), and served with the detected type, `nosniff` and a server-made
 * Content-Disposition. SVG is never accepted.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../src/accounts/auth.plugin.js';
import { sqlRows } from '../../src/core/db/database.js';
import { GuildError } from '../../src/core/errors/errors.js';
import { checkImage, displayName, MAX_UPLOAD_BYTES } from '../../src/compliance/content/uploads.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let member: TestClient;
let programId: string;
let amber: Ambassador;
let basil: Ambassador;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/content';
const CLEAN = 'Ad: my morning run in the new Acme trainers, light and comfy all the way.';
/** A real 1×1 PNG. */
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
/** A GIF header (logical screen 12,000 × 4,000) with nothing after it. */
const WIDE_GIF = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0xe0, 0x2e, 0xa0, 0x0f, 0, 0, 0]);

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Ambassador {
  client: TestClient;
  id: string;
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function signedIn(role: 'member' | 'manager' | 'ambassador') {
  const account = await addMember(guild, tenantId, role);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [user] = await query<{ id: string }>(
    sql`select id from users where username = ${account.username}`,
  );
  return { client, id: user!.id };
}

const upload = (client: TestClient, data: string | Buffer, filename = 'photo.png') =>
  client.post<{ id: string; mediaType: string; width: number; displayName: string } & ErrorBody>(
    `${BASE}/uploads`,
    { filename, data: typeof data === 'string' ? data : data.toString('base64') },
  );

/** A PNG signature and header claiming `width` × `height`, without any image data. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt8(8, 16);
  ihdr.writeUInt8(6, 17);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
}

/** A JPEG/PHP polyglot: JPEG markers and a 2×2 frame header, PHP code in a comment segment. */
function jpegPhpPolyglot(): Buffer {
  const php = Buffer.from('<?php system($_GET["c"]); ?>', 'latin1');
  const comment = Buffer.alloc(4);
  comment.writeUInt16BE(0xfffe, 0);
  comment.writeUInt16BE(php.length + 2, 2);
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
    0x00, 0x00,
  ]);
  const sof = Buffer.from([
    0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x02, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00,
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    app0,
    comment,
    php,
    sof,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A zip whose one entry claims to unpack to 4 GiB (a bomb's header), named like a .docx. */
function zipBomb(): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8);
  header.writeUInt32LE(1000, 18);
  header.writeUInt32LE(0xffffffff, 22);
  header.writeUInt16LE(11, 26);
  return Buffer.concat([header, Buffer.from('word/a.xml', 'latin1'), Buffer.alloc(1000)]);
}

async function codeOf(bytes: Uint8Array): Promise<string | null> {
  try {
    await checkImage(bytes);
    return null;
  } catch (error) {
    return error instanceof GuildError ? error.code : 'thrown';
  }
}

function cookieOf(client: TestClient): string {
  const name = sessionCookieName(guild.config);
  return `${name}=${client.cookie(name) ?? ''}`;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = (await signedIn('manager')).client;
  member = (await signedIn('member')).client;
  const created = await manager.post<{ id: string }>('/api/v1/ambassadors/programs', {
    name: 'Creators',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  programId = created.body.id;
  // one ambassador holds an active place in the program, the other has the ambassador role
  const a = await signedIn('member');
  await query(sql`insert into ambassadors (tenant_id, program_id, user_id, state, source)
    values (${tenantId}, ${programId}, ${a.id}, 'active', 'manual')`);
  amber = a;
  basil = await signedIn('ambassador');
}, 60_000);
afterAll(async () => {
  await guild?.stop();
});

describe('S12 — Upload abuse', () => {
  it('refuses files that are not accepted images by their bytes', async () => {
    const html = await upload(
      amber.client,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'x.jpg',
    );
    expect(html.status).toBe(422);
    expect(html.body.error.code).toBe('upload_refused');
    const svg = await upload(
      amber.client,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'logo.png',
    );
    expect(svg.status).toBe(422);
    const huge = await upload(amber.client, pngHeader(30_000, 30_000), 'big.png');
    expect(huge.status).toBe(422);
    expect(huge.body.error.details).toMatchObject({ width: 30_000, height: 30_000 });
    const over = Buffer.concat([Buffer.from(PNG_1X1, 'base64'), Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await upload(amber.client, over);
    expect(tooBig.status).toBe(413);
    const twice = await upload(amber.client, Buffer.alloc(10 * 1024 * 1024, 1));
    expect(twice.status).toBe(413);
  });

  it('stores a good image under its own id and serves it with the detected type', async () => {
    const stored = await upload(amber.client, PNG_1X1, '../../x.png');
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    expect(stored.body).toMatchObject({ mediaType: 'image/png', width: 1, displayName: 'x.png' });
    expect(stored.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const served = await fetch(`${guild.url}${BASE}/uploads/${stored.body.id}`, {
      headers: { ...headers, cookie: cookieOf(amber.client) },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe(
      `inline; filename="${stored.body.id}.png"`,
    );
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(PNG_1X1, 'base64'))).toBe(
      true,
    );
    // a member who is no ambassador cannot upload at all
    const plain = await upload(member, PNG_1X1, 'mine.png');
    expect(plain.status).toBe(403);
    // someone else's upload is not there for another ambassador
    expect((await basil.client.get(`${BASE}/uploads/${stored.body.id}`)).status).toBe(404);
    // nor can another ambassador attach it
    const borrowed = await basil.client.post<ErrorBody>(`${BASE}/submissions`, {
      programId,
      body: CLEAN,
      platforms: ['blog'],
      media: [{ kind: 'image', uploadId: stored.body.id }],
    });
    expect(borrowed.status).toBe(400);
  });

  it('neutralises a JPEG/PHP polyglot: stored as an image under an id, never as code', async () => {
    const polyglot = jpegPhpPolyglot();
    const stored = await upload(amber.client, polyglot, 'shell.php.jpg');
    if (stored.status === 422) {
      expect(stored.body.error.code).toBe('upload_refused');
      return;
    }
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    expect(stored.body.mediaType).toBe('image/jpeg');
    expect(stored.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored.body.displayName).toBe('shell.php.jpg');
    const served = await fetch(`${guild.url}${BASE}/uploads/${stored.body.id}`, {
      headers: { ...headers, cookie: cookieOf(amber.client) },
    });
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe(
      `inline; filename="${stored.body.id}.jpg"`,
    );
    // The bytes live in a database column: there is no file on disk to reach or execute.
    const [row] = await query<{ n: number }>(
      sql`select count(*)::int as n from content_uploads where id = ${stored.body.id}`,
    );
    expect(row!.n).toBe(1);
  });

  it('refuses a zip or docx bomb by its bytes, whatever its name', async () => {
    for (const name of ['report.docx', 'photo.png', 'archive.zip']) {
      const bomb = await upload(amber.client, zipBomb(), name);
      expect(bomb.status, name).toBe(422);
      expect(bomb.body.error.code).toBe('upload_refused');
    }
    expect(await codeOf(zipBomb())).toBe('upload_refused');
  });

  describe('checkImage, on the bytes alone', () => {
    it('accepts a real PNG and reads its size from the bytes', async () => {
      await expect(checkImage(Buffer.from(PNG_1X1, 'base64'))).resolves.toEqual({
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
      const big = Buffer.concat([Buffer.from(PNG_1X1, 'base64'), Buffer.alloc(MAX_UPLOAD_BYTES)]);
      expect(await codeOf(big)).toBe('payload_too_large');
    });
  });

  describe('the name a client gives', () => {
    it('keeps the last segment only, cleaned, never a path', () => {
      expect(displayName('../../x.png')).toBe('x.png');
      expect(displayName('..\\..\\windows\\evil.gif')).toBe('evil.gif');
      expect(displayName('.htaccess')).toBe('htaccess');
      expect(displayName('a<script>.png')).toBe('ascript.png');
      expect(displayName(undefined)).toBe('');
    });
  });
});
