/**
 * What every request knows about itself once its tenant and caller are resolved. Domains read
 * it through `request.guild`; only the accounts domain fills it in.
 */
import type { Role, TokenScope } from './access.js';

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
