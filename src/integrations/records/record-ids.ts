/**
 * Ids of the records partners send, derived from (tenant, kind, external id). An import and a
 * webhook that name the same order reach the same row without asking the database first, which
 * is what lets an import write an order's lines in the same statement batch as the order.
 */
import { v5 as uuidV5 } from 'uuid';

/** Guild's namespace for derived ids (a fixed random UUID). */
const GUILD_NAMESPACE = '2f0c8b9e-61a4-4b8e-9a57-3d0c54e1f6a1';

/** The kinds of partner records whose ids are derived. */
export type RecordKind = 'customer' | 'order' | 'loyalty-account';

/** The id of the `kind` record with `externalId` in `tenantId`. */
export function recordId(tenantId: string, kind: RecordKind, externalId: string): string {
  return uuidV5(`${tenantId}\u001f${kind}\u001f${externalId}`, GUILD_NAMESPACE);
}

/** The external id under which a customer known only by e-mail is kept. */
export function emailCustomerKey(emailKey: string): string {
  return `email:${emailKey}`;
}
