/**
 * What every request knows about itself once its tenant and caller are resolved. Domains read
 * it through `request.guild`; only the accounts domain fills it in.
 */
import type { Role, TokenScope } from './access.js';
import type { FastifyRequest } from 'fastify';
import { GuildError } from '../errors/errors.js';

export interface TenantRef {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly defaultLocale: string;
}

export interface Actor {
  readonly userId: string;
  readonly role: Role;
  readonly username: string;
  readonly displayName: string;
  readonly locale: string;
}

export type Credential =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'session'; readonly sessionId: string; readonly csrfToken: string }
  | { readonly kind: 'token'; readonly tokenId: string; readonly scopes: readonly TokenScope[] };

export interface RequestContext {
  readonly tenant: TenantRef;
  readonly actor: Actor | null;
  readonly credential: Credential;
}

declare module 'fastify' {
  interface FastifyRequest {
    guild: RequestContext;
  }
}

/** The signed-in caller's id; `unauthenticated` when there is none (a route's guard ran first). */
export function actorIdOf(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}
