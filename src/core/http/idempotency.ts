/**
 * Requests made safe to retry with an `Idempotency-Key` header. Inside the route's tenant
 * transaction the first successful answer is stored with a hash of the request; a retry with
 * the same key and the same request gets that answer again (and `replayed: true`) without the
 * work running twice. The same key with another request is refused, and so is a duplicate that
 * arrives while the first is still being handled. Keys belong to the caller: two members
 * using the same key do not meet. A failed request stores nothing, so it can be retried.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { sqlRows, type Orm } from '../db/database.js';
import { GuildError } from '../errors/errors.js';

export interface IdempotentAnswer<T> {
  status: number;
  body: T;
}

export interface IdempotentResult<T> extends IdempotentAnswer<T> {
  replayed: boolean;
}

/** 1 to 200 visible ASCII characters, as clients generate them (UUIDs, ULIDs, hashes). */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The request's key, or null when it sent none; a malformed key is refused. */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) {
    return null;
  }
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || !KEY_PATTERN.test(key)) {
    throw new GuildError('idempotency_key_required');
  }
  return key;
}

function requestHash(request: FastifyRequest): string {
  const shape = {
    route: `${request.method} ${request.routeOptions.url ?? request.url}`,
    params: request.params ?? null,
    body: request.body ?? null,
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

/**
 * Runs `work` at most once per key. Call it inside the tenant transaction that does the work,
 * so the stored answer commits (or rolls back) with it.
 */
export async function idempotent<T>(
  tx: Orm,
  request: FastifyRequest,
  work: () => Promise<IdempotentAnswer<T>>,
  options: { required?: boolean } = {},
): Promise<IdempotentResult<T>> {
  const key = idempotencyKeyOf(request);
  if (key === null) {
    if (options.required) {
      throw new GuildError('idempotency_key_required');
    }
    return { ...(await work()), replayed: false };
  }
  const tenantId = request.guild.tenant.id;
  const actorId = request.guild.actor?.userId ?? null;
  const scopedKey = `${actorId ?? 'anonymous'}:${key}`;
  const hash = requestHash(request);

  const [lock] = await sqlRows<{ got: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(
          hashtextextended(${`${tenantId}\u001fidempotency\u001f${scopedKey}`}, 0)) as got`,
  );
  if (!lock?.got) {
    throw new GuildError('request_in_progress', undefined, { idempotencyKey: key });
  }
  const [stored] = await sqlRows<{
    request_hash: string;
    response_status: number;
    response_body: T;
  }>(
    tx,
    sql`select request_hash, response_status, response_body from idempotent_requests
         where key = ${scopedKey}`,
  );
  if (stored) {
    if (stored.request_hash !== hash) {
      throw new GuildError('idempotency_key_reused', undefined, { idempotencyKey: key });
    }
    return { status: stored.response_status, body: stored.response_body, replayed: true };
  }

  const answer = await work();
  await tx.execute(sql`insert into idempotent_requests (tenant_id, key, route, request_hash,
      response_status, response_body, created_by)
    values (${tenantId}, ${scopedKey}, ${`${request.method} ${request.routeOptions.url ?? ''}`},
      ${hash}, ${answer.status}, ${JSON.stringify(answer.body)}::jsonb, ${actorId})`);
  return { ...answer, replayed: false };
}
