/**
 * The audit log for admins under /api/v1/admin/audit: a filtered, paginated read (newest
 * first), an export of the same filter as CSV or NDJSON (oldest first), and a verification of
 * the tenant's hash chain. docs/AUDIT.md.
 */
import { Readable } from 'node:stream';
import { and, desc, eq, gte, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Database, Orm } from '../db/database.js';
import { GuildError } from '../errors/errors.js';
import { Nullable, StringEnum } from '../http/schemas.js';
import type { GuildServer } from '../http/server.js';
import { csvLine } from '../text/csv.js';
import { recordAudit } from './audit.js';
import { auditLog } from './audit.table.js';
import { verifyAuditChain } from './chain.js';

const BASE = '/api/v1/admin/audit';
const tags = ['admin'];
const EXPORT_PAGE = 1000;
const DateTime = Type.String({ format: 'date-time' });

const Filter = Type.Object({
  /** An action, or a prefix of actions ending in a dot: `users.` matches every users action. */
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  actorId: Type.Optional(Type.String({ format: 'uuid' })),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  since: Type.Optional(DateTime),
  until: Type.Optional(DateTime),
});
type Filter = Static<typeof Filter>;

// One object, not an intersection: the validator drops properties an `allOf` part lacks.
const ListQuery = Type.Object({
  ...Filter.properties,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  /** The `nextCursor` of the previous page. */
  cursor: Type.Optional(Type.String({ maxLength: 40 })),
});

const EntrySchema = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  actorId: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  personal: Nullable(Type.Record(Type.String(), Type.Unknown())),
  /** Personal parts blanked by retention or erasure (the entry still verifies). */
  blanked: Type.Boolean(),
  hash: Type.String(),
});
type Entry = Static<typeof EntrySchema>;

const ReportSchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  head: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
  blanked: Type.Integer(),
  problems: Type.Array(
    Type.Object({ seq: Type.Integer(), problem: Type.String(), message: Type.String() }),
  ),
});

/** A page position: the seq of the last entry served. */
function encodeSeqCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

function decodeSeqCursor(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') {
    return null;
  }
  const match = /^seq:([1-9][0-9]{0,15})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!match) {
    throw new GuildError('bad_cursor');
  }
  return Number(match[1]);
}

function conditions(tenantId: string, filter: Filter): SQL[] {
  const where: SQL[] = [eq(auditLog.tenantId, tenantId)];
  if (filter.action !== undefined) {
    where.push(
      filter.action.endsWith('.')
        ? like(auditLog.action, `${filter.action.replace(/[\\%_]/g, '\\$&')}%`)
        : eq(auditLog.action, filter.action),
    );
  }
  if (filter.actorId !== undefined) {
    where.push(eq(auditLog.actorId, filter.actorId));
  }
  if (filter.targetType !== undefined) {
    where.push(eq(auditLog.targetType, filter.targetType));
  }
  if (filter.targetId !== undefined) {
    where.push(eq(auditLog.targetId, filter.targetId));
  }
  if (filter.since !== undefined) {
    where.push(gte(auditLog.createdAt, new Date(filter.since)));
  }
  if (filter.until !== undefined) {
    where.push(lte(auditLog.createdAt, new Date(filter.until)));
  }
  return where;
}

type Row = typeof auditLog.$inferSelect;

function present(row: Row): Entry {
  return {
    seq: row.seq,
    at: row.createdAt.toISOString(),
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
    details: row.details,
    personal: row.personal,
    blanked: row.piiSalt === null && row.piiDigest !== null,
    hash: row.hash,
  };
}

async function page(tx: Orm, tenantId: string, query: Static<typeof ListQuery>) {
  const limit = query.limit ?? 50;
  const after = decodeSeqCursor(query.cursor);
  const where = conditions(tenantId, query);
  if (after !== null) {
    where.push(lt(auditLog.seq, after));
  }
  const rows = await tx
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.seq))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(present);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeSeqCursor(last.seq) : null,
  };
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'actorId',
  'action',
  'targetType',
  'targetId',
  'requestId',
  'ip',
  'userAgent',
  'details',
  'personal',
  'blanked',
  'hash',
] as const satisfies readonly (keyof Entry)[];

/** Every entry the filter selects, oldest first, one page of the database at a time. */
async function* exportLines(
  db: Database,
  tenantId: string,
  filter: Filter,
  format: 'csv' | 'ndjson',
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield csvLine(CSV_COLUMNS);
  }
  let after = 0;
  for (;;) {
    const rows = await db.tenant(tenantId, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(...conditions(tenantId, filter), sql`${auditLog.seq} > ${after}`))
        .orderBy(auditLog.seq)
        .limit(EXPORT_PAGE),
    );
    for (const row of rows) {
      const entry = present(row);
      yield format === 'csv'
        ? csvLine(CSV_COLUMNS.map((column) => entry[column]))
        : `${JSON.stringify(entry)}\n`;
      after = entry.seq;
    }
    if (rows.length < EXPORT_PAGE) {
      return;
    }
  }
}

export function registerAuditRoutes(app: GuildServer, db: Database): void {
  app.get(
    BASE,
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: 'The audit log, newest first, filtered by action, actor, target and time',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(EntrySchema), nextCursor: Nullable(Type.String()) }),
        },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, (tx) => page(tx, tenantId, request.query));
    },
  );

  app.get(
    `${BASE}/export`,
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: 'Download the entries a filter selects, oldest first, as CSV or NDJSON',
        querystring: Type.Object({
          ...Filter.properties,
          format: Type.Optional(StringEnum(['csv', 'ndjson'] as const)),
        }),
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const { format = 'csv', ...filter } = request.query;
      // The export is itself a privileged action, recorded before the first byte leaves.
      await db.tenant(tenantId, (tx) =>
        recordAudit(tx, request, { action: 'audit.export', details: { format, filter } }),
      );
      const name = `audit-${request.guild.tenant.slug}.${format === 'csv' ? 'csv' : 'ndjson'}`;
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Readable.from(exportLines(db, tenantId, filter, format)));
    },
  );

  app.get(
    `${BASE}/verify`,
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: "Verify the tenant's hash chain (and optionally a head recorded earlier)",
        querystring: Type.Object({
          anchorSeq: Type.Optional(Type.Integer({ minimum: 1 })),
          anchorHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
        }),
        response: { 200: ReportSchema },
      },
    },
    async (request) => {
      const { anchorSeq, anchorHash } = request.query;
      if ((anchorSeq === undefined) !== (anchorHash === undefined)) {
        throw new GuildError(
          'validation_failed',
          'Give both anchorSeq and anchorHash, or neither.',
        );
      }
      const anchor =
        anchorSeq !== undefined && anchorHash !== undefined
          ? { seq: anchorSeq, hash: anchorHash }
          : undefined;
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, (tx) => verifyAuditChain(tx, tenantId, anchor));
    },
  );
}
