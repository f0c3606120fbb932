import { apiPost, request, seg, withQuery } from './client';
import type { CustomerDetail, CustomerSummary } from './types';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

const BASE = '/integrations';

/** Customers matching an e-mail address, customer number or name; all when blank. */
export function useCustomers(query: string): Paged<CustomerSummary> {
  return usePaged<CustomerSummary>(withQuery(`${BASE}/customers`, { q: query.trim() }));
}

export function useCustomer(id: string): Resource<CustomerDetail> {
  return useResource<CustomerDetail>(`${BASE}/customers/${seg(id)}`);
}

/** Joins the customer record to a member, by the member's username. */
export async function linkCustomer(customerId: string, username: string): Promise<void> {
  await apiPost<unknown>(`${BASE}/customers/${seg(customerId)}/links`, { username });
}

/** Closes a link between a member and a customer record; the reason goes to the audit log. */
export async function unlinkCustomer(linkId: string, reason: string): Promise<void> {
  await request<unknown>('DELETE', `${BASE}/customer-links/${seg(linkId)}`, { reason });
}

/** Runs the automatic rules (verified e-mail, loyalty id) now; answers how many links it made. */
export async function matchMembers(): Promise<number> {
  const answer = await apiPost<{ linked: unknown[] }>(`${BASE}/identity/match`);
  return answer.linked.length;
}

/** A customer's name as shown: first and last name, else e-mail, else customer number. */
export function customerName(customer: {
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  email: string | null;
  externalId: string;
}): string {
  const full = [customer.firstName, customer.lastName].filter(Boolean).join(' ').trim();
  return full || customer.name?.trim() || customer.email || customer.externalId;
}
