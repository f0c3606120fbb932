/**
 * Verification of the audit log's hash chain (migration 0021 builds it, docs/AUDIT.md explains
 * it). The hashes are recomputed here, in Node, from the stored fields — not by asking the
 * database's own function — so a verification does not trust the code it checks.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../db/database.js';

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

const PAGE = 2000;
const MAX_PROBLEMS = 50;

export type ChainProblemKind =
  | 'hash_mismatch'
  | 'broken_link'
  | 'missing_entries'
  | 'personal_data_altered'
  | 'head_mismatch'
  | 'anchor_mismatch';

export interface ChainProblem {
  seq: number;
  problem: ChainProblemKind;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** The newest entry: record its seq and hash elsewhere to detect a rewritten chain later. */
  head: { seq: number; hash: string };
  /** Entries whose personal parts were blanked by retention or erasure (still verified). */
  blanked: number;
  problems: ChainProblem[];
}

/** An entry as stored, with its fields in the text form the chain hashes. */
interface StoredEntry {
  seq: string;
  prev_hash: string;
  hash: string;
  tenant_id: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  details: string;
  ip: string | null;
  user_agent: string | null;
  personal: string | null;
  pii_salt: string | null;
  pii_digest: string | null;
  at_micros: string;
}

/** One field of the hashed text: byte length, a colon and the value; '-' for none. */
function field(value: string | null): string {
  return value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function personalDigest(
  salt: string,
  ip: string | null,
  userAgent: string | null,
  personal: string | null,
): string {
  return sha256([field(salt), field(ip), field(userAgent), field(personal)].join('|'));
}

/** The hash an entry must carry, from its stored fields. */
export function entryHash(entry: StoredEntry): string {
  return sha256(
    [
      entry.prev_hash,
      entry.seq,
      entry.tenant_id,
      entry.actor_id,
      entry.action,
      entry.target_type,
      entry.target_id,
      entry.request_id,
      entry.details,
      entry.pii_digest,
      entry.at_micros,
    ]
      .map(field)
      .join('|'),
  );
}

/** What is wrong with an entry's personal parts, or null when they are whole or blanked. */
function personalProblem(entry: StoredEntry): string | null {
  const present = entry.ip !== null || entry.user_agent !== null || entry.personal !== null;
  if (entry.pii_salt === null) {
    return present ? 'personal parts were written after the entry was blanked' : null;
  }
  if (entry.pii_digest === null) {
    return 'a salt without a digest';
  }
  const digest = personalDigest(entry.pii_salt, entry.ip, entry.user_agent, entry.personal);
  return digest === entry.pii_digest ? null : 'the IP, user agent or personal values were changed';
}

/**
 * Verifies the tenant's whole chain, oldest entry first. `anchor`, a head recorded earlier,
 * must still be in the chain with the same hash (this catches a chain rewritten from the end).
 * Runs in `tx`, which must see the tenant's entries.
 */
export async function verifyAuditChain(
  tx: Orm,
  tenantId: string,
  anchor?: { seq: number; hash: string },
): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  const report = (seq: number, problem: ChainProblemKind, message: string) => {
    if (problems.length < MAX_PROBLEMS) {
      problems.push({ seq, problem, message });
    }
  };
  let previous = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  let blanked = 0;
  let anchorSeen = false;
  for (;;) {
    const rows = await sqlRows<StoredEntry>(
      tx,
      sql`select seq::text, prev_hash, hash, tenant_id::text, actor_id::text, action,
            target_type, target_id, request_id, details::text as details, ip, user_agent,
            personal::text as personal, pii_salt, pii_digest,
            floor(extract(epoch from created_at) * 1000000)::bigint::text as at_micros
          from audit_log
          where tenant_id = ${tenantId} and audit_log.seq > ${previous.seq}
          order by audit_log.seq
          limit ${PAGE}`,
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      entries += 1;
      if (seq !== previous.seq + 1) {
        report(seq, 'missing_entries', `entries ${previous.seq + 1} to ${seq - 1} are missing`);
      }
      if (row.prev_hash !== previous.hash) {
        report(seq, 'broken_link', 'does not follow the entry before it');
      }
      if (entryHash(row) !== row.hash) {
        report(seq, 'hash_mismatch', 'the entry was changed after it was written');
      }
      const personal = personalProblem(row);
      if (personal !== null) {
        report(seq, 'personal_data_altered', personal);
      }
      if (row.pii_salt === null && row.pii_digest !== null) {
        blanked += 1;
      }
      if (anchor && seq === anchor.seq) {
        anchorSeen = true;
        if (row.hash !== anchor.hash) {
          report(seq, 'anchor_mismatch', 'differs from the head recorded earlier');
        }
      }
      previous = { seq, hash: row.hash };
    }
    if (rows.length < PAGE) {
      break;
    }
  }
  const [head] = await sqlRows<{ seq: string; hash: string }>(
    tx,
    sql`select seq::text, hash from audit_chain_heads where tenant_id = ${tenantId}`,
  );
  const headSeq = head ? Number(head.seq) : 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSeq !== previous.seq || headHash !== previous.hash) {
    report(
      headSeq,
      'head_mismatch',
      `the chain's head is entry ${headSeq}, but the newest entry found is ${previous.seq}`,
    );
  }
  if (anchor && !anchorSeen) {
    report(anchor.seq, 'anchor_mismatch', 'the entry recorded earlier is no longer in the chain');
  }
  return { ok: problems.length === 0, entries, head: previous, blanked, problems };
}

/**
 * Blanks the personal parts (IP, user agent, personal values) of the entries `where` selects;
 * the chain still verifies. Used by retention and erasure. Returns how many were blanked.
 */
export async function blankAuditPersonal(tx: Orm, where: ReturnType<typeof sql>): Promise<number> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`update audit_log set ip = null, user_agent = null, personal = null, pii_salt = null
        where pii_salt is not null and (${where})
        returning id::text`,
  );
  return rows.length;
}
