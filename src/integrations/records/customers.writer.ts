/**
 * Writes customer records from a customer list or a CRM webhook. A customer is keyed by its
 * external id (or, without one, by its e-mail address); a known customer takes the new values
 * the source sends and keeps those it leaves empty, and a row that changes nothing is not
 * written at all, so importing the same list twice reports every row as unchanged.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import type { Customer } from '../import/presets.js';
import { column, write } from './bulk-sql.js';
import { emailCustomerKey, recordId } from './record-ids.js';

/** The external id a customer is kept under. */
export function customerKeyOf(customer: Customer): string {
  if (customer.externalId !== null) {
    return customer.externalId;
  }
  if (customer.email !== null) {
    return emailCustomerKey(customer.email.key);
  }
  throw new RangeError('a customer needs an external id or an email address');
}

/** A row without an external id that joined a customer already known by its e-mail. */
export interface MergedRow {
  line: number;
  /** The external id of the customer it joined. */
  into: string;
}

/**
 * Writes a batch of customers; returns how many rows were new or changed, and which rows
 * without an external id joined a customer already known by the same e-mail (trimmed and
 * compared without case, against the database and the rows before it).
 */
export async function writeCustomers(
  tx: Orm,
  tenantId: string,
  batch: readonly Customer[],
  source: string,
): Promise<{ written: number; merged: MergedRow[] }> {
  const known = await knownByEmail(tx, batch);
  const merged: MergedRow[] = [];
  // The last row of a key wins within a batch, as it would across batches.
  const byKey = new Map<string, Customer>();
  for (const customer of batch) {
    const existing =
      customer.externalId === null && customer.email !== null
        ? known.get(customer.email.key)
        : undefined;
    const key = existing ?? customerKeyOf(customer);
    if (existing !== undefined || (customer.externalId === null && byKey.has(key))) {
      merged.push({ line: customer.line, into: key });
    }
    byKey.set(key, customer);
  }
  if (byKey.size === 0) {
    return { written: 0, merged };
  }
  const keys = [...byKey.keys()];
  const rows = [...byKey.values()];
  const written = await write(
    tx,
    sql`insert into customers as c (id, tenant_id, external_id, email, email_key, first_name,
        last_name, region_code, country, consent_email, consent_sms, loyalty_id, source)
      select id, ${tenantId}, external_id, email, email_key, first_name, last_name, region_code,
        country, consent_email, consent_sms, loyalty_id, ${source}
        from unnest(${column(
          keys.map((key) => recordId(tenantId, 'customer', key)),
          'uuid',
        )}, ${column(keys, 'text')}, ${column(
          rows.map((row) => row.email?.address ?? null),
          'text',
        )}, ${column(
          rows.map((row) => row.email?.key ?? null),
          'text',
        )}, ${column(
          rows.map((row) => row.firstName),
          'text',
        )}, ${column(
          rows.map((row) => row.lastName),
          'text',
        )}, ${column(
          rows.map((row) => row.region),
          'text',
        )}, ${column(
          rows.map((row) => row.country),
          'text',
        )}, ${column(
          rows.map((row) => row.consent.email),
          'boolean',
        )}, ${column(
          rows.map((row) => row.consent.sms),
          'boolean',
        )}, ${column(
          rows.map((row) => row.loyaltyId),
          'text',
        )}) as t(id, external_id, email, email_key, first_name, last_name, region_code, country,
          consent_email, consent_sms, loyalty_id)
      on conflict (tenant_id, external_id) do update set
        email = coalesce(excluded.email, c.email),
        email_key = coalesce(excluded.email_key, c.email_key),
        first_name = coalesce(excluded.first_name, c.first_name),
        last_name = coalesce(excluded.last_name, c.last_name),
        region_code = coalesce(excluded.region_code, c.region_code),
        country = coalesce(excluded.country, c.country),
        consent_email = coalesce(excluded.consent_email, c.consent_email),
        consent_sms = coalesce(excluded.consent_sms, c.consent_sms),
        loyalty_id = coalesce(excluded.loyalty_id, c.loyalty_id),
        updated_at = now()
      where (c.email, c.email_key, c.first_name, c.last_name, c.region_code, c.country,
             c.consent_email, c.consent_sms, c.loyalty_id)
        is distinct from
            (coalesce(excluded.email, c.email), coalesce(excluded.email_key, c.email_key),
             coalesce(excluded.first_name, c.first_name), coalesce(excluded.last_name, c.last_name),
             coalesce(excluded.region_code, c.region_code), coalesce(excluded.country, c.country),
             coalesce(excluded.consent_email, c.consent_email),
             coalesce(excluded.consent_sms, c.consent_sms),
             coalesce(excluded.loyalty_id, c.loyalty_id))`,
  );
  return { written, merged };
}

/** External ids of the customers already holding the batch's e-mail-only addresses. */
async function knownByEmail(tx: Orm, batch: readonly Customer[]): Promise<Map<string, string>> {
  const keys = [
    ...new Set(batch.flatMap((c) => (c.externalId === null && c.email ? [c.email.key] : []))),
  ];
  if (keys.length === 0) {
    return new Map();
  }
  const rows = await sqlRows<{ emailKey: string; externalId: string }>(
    tx,
    sql`select distinct on (email_key) email_key as "emailKey", external_id as "externalId"
          from customers where email_key = any(${column(keys, 'text')})
         order by email_key, created_at`,
  );
  return new Map(rows.map((row) => [row.emailKey, row.externalId]));
}
