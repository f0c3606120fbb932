/** What the rewards routes share: the base path, the OpenAPI tag, the caller, the transaction. */
import type { FastifyRequest } from 'fastify';
import type { Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { roleHas } from '../../core/http/access.js';
import type { Actor } from '../../core/http/request-context.js';

export const REWARDS_BASE = '/api/v1/rewards';
export const tags = ['rewards'];

/** Runs `work` in the request's tenant transaction. */
export type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

/** The signed-in caller (the routes' access rules let no one else through). */
export function actorOf(request: FastifyRequest): Actor {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor;
}

/** True when the caller manages rewards (and so sees and acts on every member's). */
export function isManager(actor: Actor): boolean {
  return roleHas(actor.role, 'rewards:manage');
}
