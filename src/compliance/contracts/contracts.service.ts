/**
 * Ambassadors' contracts: a manager offers one on a published template's current version with
 * a start and an end; the ambassador reads the full text and signs by click-through (who, which
 * version and the SHA-256 of its text, when, from which address and user agent). A manager
 * withdraws an offer or terminates a signed contract, with a reason.
 *
 * offered → signed → expired | terminated; offered → withdrawn | expired.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { getTemplate, sha256 } from './templates.service.js';

export const CONTRACT_STATUSES = [
  'offered',
  'signed',
  'withdrawn',
  'terminated',
  'expired',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Places that may be offered a contract: taken on, not yet gone. */
const OFFERABLE_STATES = ['accepted', 'onboarding', 'active', 'paused'];

export interface Contract {
  id: string;
  programId: string;
  ambassadorId: string;
  userId: string;
  username: string;
  displayName: string;
  templateId: string;
  versionId: string;
  version: number;
  title: string;
  markets: string[];
  allMarkets: boolean;
  status: ContractStatus;
  startsAt: Date;
  endsAt: Date;
  offeredBy: string | null;
  offeredAt: Date;
  signedBy: string | null;
  signedAt: Date | null;
  signedVersion: number | null;
  signedSha256: string | null;
  signedIp: string | null;
  signedUserAgent: string | null;
  endedBy: string | null;
  endedAt: Date | null;
  endReason: string | null;
}

/** A contract with the full text of its version. */
export interface ContractWithText extends Contract {
  body: string;
  sha256: string;
}

interface ContractRow {
  id: string;
  program_id: string;
  ambassador_id: string;
  user_id: string;
  username: string;
  display_name: string;
  template_id: string;
  version_id: string;
  version: number;
  title: string;
  markets: string[];
  all_markets: boolean;
  body: string;
  body_sha256: string;
  status: ContractStatus;
  starts_at: string | Date;
  ends_at: string | Date;
  offered_by: string | null;
  offered_at: string | Date;
  signed_by: string | null;
  signed_at: string | Date | null;
  signed_version: number | null;
  signed_sha256: string | null;
  signed_ip: string | null;
  signed_user_agent: string | null;
  ended_by: string | null;
  ended_at: string | Date | null;
  end_reason: string | null;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

function contractOf(row: ContractRow): ContractWithText {
  return {
    id: row.id,
    programId: row.program_id,
    ambassadorId: row.ambassador_id,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    templateId: row.template_id,
    versionId: row.version_id,
    version: row.version,
    title: row.title,
    markets: row.markets ?? [],
    allMarkets: row.all_markets,
    status: row.status,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    offeredBy: row.offered_by,
    offeredAt: new Date(row.offered_at),
    signedBy: row.signed_by,
    signedAt: date(row.signed_at),
    signedVersion: row.signed_version,
    signedSha256: row.signed_sha256,
    signedIp: row.signed_ip,
    signedUserAgent: row.signed_user_agent,
    endedBy: row.ended_by,
    endedAt: date(row.ended_at),
    endReason: row.end_reason,
    body: row.body,
    sha256: row.body_sha256,
  };
}

const CONTRACT_SELECT = sql`select c.id, c.program_id, c.ambassador_id, c.user_id, u.username,
    u.display_name, c.template_id, c.version_id, v.version, v.title, v.markets, v.all_markets,
    v.body, v.body_sha256, c.status, c.starts_at, c.ends_at, c.offered_by, c.offered_at,
    c.signed_by, c.signed_at, c.signed_version, c.signed_sha256, c.signed_ip,
    c.signed_user_agent, c.ended_by, c.ended_at, c.end_reason
  from ambassador_contracts c
  join contract_template_versions v on v.id = c.version_id
  join users u on u.id = c.user_id`;

/** One contract with its text; `ownerId` limits it to that member's own. */
export async function getContract(
  tx: Orm,
  id: string,
  ownerId: string | null = null,
): Promise<ContractWithText> {
  const [row] = await sqlRows<ContractRow>(tx, sql`${CONTRACT_SELECT} where c.id = ${id}`);
  if (!row || (ownerId !== null && row.user_id !== ownerId)) {
    throw fail.notFound('No such contract.');
  }
  return contractOf(row);
}

export interface ContractFilters {
  programId?: string;
  userId?: string;
  ambassadorId?: string;
  templateId?: string;
  status?: ContractStatus;
  /** Only contracts ending before this time. */
  endsBefore?: Date;
}

/** Contracts, newest offer first, with the filters given. */
export async function listContracts(
  tx: Orm,
  filters: ContractFilters,
  page: { limit: number; cursor?: string },
): Promise<{ items: ContractWithText[]; nextCursor: string | null }> {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const conditions = [
    filters.programId ? sql`c.program_id = ${filters.programId}` : null,
    filters.userId ? sql`c.user_id = ${filters.userId}` : null,
    filters.ambassadorId ? sql`c.ambassador_id = ${filters.ambassadorId}` : null,
    filters.templateId ? sql`c.template_id = ${filters.templateId}` : null,
    filters.status ? sql`c.status = ${filters.status}` : null,
    filters.endsBefore ? sql`c.ends_at < ${filters.endsBefore.toISOString()}::timestamptz` : null,
    after
      ? sql`(c.offered_at, c.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
      : null,
  ].filter((c) => c !== null);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const rows = await sqlRows<ContractRow>(
    tx,
    sql`${CONTRACT_SELECT} ${where}
        order by c.offered_at desc, c.id desc limit ${page.limit + 1}`,
  );
  return pageOf(rows.map(contractOf), page.limit, (c) => ({ at: c.offeredAt, id: c.id }));
}

/** Locks a contract for the rest of the transaction. */
async function lockContract(tx: Orm, id: string, ownerId: string | null) {
  const [locked] = await sqlRows<{ user_id: string }>(
    tx,
    sql`select user_id from ambassador_contracts where id = ${id} for update`,
  );
  if (!locked || (ownerId !== null && locked.user_id !== ownerId)) {
    throw fail.notFound('No such contract.');
  }
  return getContract(tx, id);
}

/**
 * A manager offers the template's current version to one of its program's ambassadors, for
 * `startsAt` to `endsAt`. The template must be published and cover the member's market.
 */
export async function offerContract(
  tx: Orm,
  tenantId: string,
  input: {
    templateId: string;
    ambassadorId: string;
    startsAt: Date;
    endsAt: Date;
    managerId: string;
  },
): Promise<ContractWithText> {
  if (input.endsAt.getTime() <= input.startsAt.getTime()) {
    throw fail.validation('A contract ends after it starts.', { field: 'endsAt' });
  }
  if (input.endsAt.getTime() <= Date.now()) {
    throw fail.validation('This contract would have ended already.', { field: 'endsAt' });
  }
  const template = await getTemplate(tx, input.templateId);
  if (template.status !== 'published') {
    throw new GuildError('contract_template_not_usable', `This template is ${template.status}.`, {
      status: template.status,
    });
  }
  const [place] = await sqlRows<{
    id: string;
    user_id: string;
    program_id: string;
    state: string;
    region_code: string | null;
  }>(
    tx,
    sql`select a.id, a.user_id, a.program_id, a.state, r.code as region_code
          from ambassadors a join users u on u.id = a.user_id
          left join regions r on r.id = u.region_id
         where a.id = ${input.ambassadorId}`,
  );
  if (!place || place.program_id !== template.programId) {
    throw fail.notFound('No such ambassador in this template’s program.');
  }
  if (!OFFERABLE_STATES.includes(place.state)) {
    throw fail.conflict(`This member’s place is ${place.state}.`, { state: place.state });
  }
  if (!coversMarket(template.current, place.region_code)) {
    throw new GuildError(
      'contract_template_not_usable',
      `This template is not for the member’s market (${place.region_code ?? 'none'}).`,
      { markets: template.current.markets, region: place.region_code },
    );
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into ambassador_contracts (tenant_id, program_id, ambassador_id, user_id,
          template_id, version_id, starts_at, ends_at, offered_by)
        values (${tenantId}, ${template.programId}, ${place.id}, ${place.user_id}, ${template.id},
          ${template.current.id}, ${input.startsAt.toISOString()}, ${input.endsAt.toISOString()},
          ${input.managerId})
        returning id`,
  );
  return getContract(tx, row!.id);
}

/** True when a template version covers a member of `region` (null: no region). */
export function coversMarket(
  version: { markets: readonly string[]; allMarkets: boolean },
  region: string | null,
): boolean {
  return version.allMarkets || (region !== null && version.markets.includes(region));
}

/**
 * The ambassador signs an offer of theirs by click-through. Only an offer on the template's
 * current, published version can be signed; signing again is refused.
 */
export async function signContract(
  tx: Orm,
  input: { contractId: string; userId: string; ip: string | null; userAgent: string | null },
): Promise<ContractWithText> {
  const contract = await lockContract(tx, input.contractId, input.userId);
  if (contract.signedAt !== null) {
    throw new GuildError('contract_already_signed', undefined, {
      signedAt: contract.signedAt.toISOString(),
      status: contract.status,
    });
  }
  if (contract.status !== 'offered') {
    throw fail.conflict(`This contract is ${contract.status}.`, { status: contract.status });
  }
  if (contract.endsAt.getTime() <= Date.now()) {
    throw fail.conflict('This contract has ended already.', { status: contract.status });
  }
  const template = await getTemplate(tx, contract.templateId);
  if (template.status !== 'published' || template.current.version !== contract.version) {
    throw new GuildError('contract_template_not_usable', undefined, {
      templateStatus: template.status,
      currentVersion: template.current.version,
      offeredVersion: contract.version,
    });
  }
  await tx.execute(
    sql`update ambassador_contracts set status = 'signed', signed_by = ${input.userId},
          signed_at = date_trunc('milliseconds', clock_timestamp()),
          signed_version = ${contract.version}, signed_sha256 = ${sha256(contract.body)},
          signed_ip = ${input.ip}, signed_user_agent = ${(input.userAgent ?? '').slice(0, 500) || null}
        where id = ${contract.id}`,
  );
  return getContract(tx, contract.id);
}

/**
 * A manager ends a contract, saying why: an offer is withdrawn, a signed contract terminated.
 * @returns the contract before and after
 */
export async function endContract(
  tx: Orm,
  input: { contractId: string; reason: string; managerId: string },
): Promise<{ before: ContractWithText; after: ContractWithText }> {
  const reason = plainTextLine(input.reason).slice(0, 500);
  if (reason === '') {
    throw fail.validation('Say why the contract ends.', { field: 'reason' });
  }
  const before = await lockContract(tx, input.contractId, null);
  const next =
    before.status === 'offered' ? 'withdrawn' : before.status === 'signed' ? 'terminated' : null;
  if (next === null) {
    throw fail.conflict(`This contract is ${before.status} already.`, { status: before.status });
  }
  await tx.execute(
    sql`update ambassador_contracts set status = ${next}, ended_by = ${input.managerId},
          ended_at = date_trunc('milliseconds', clock_timestamp()), end_reason = ${reason}
        where id = ${before.id}`,
  );
  return { before, after: await getContract(tx, before.id) };
}
