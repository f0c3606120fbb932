/**
 * Addresses of the pages Guild links to from its e-mails. A link opens on its tenant's own
 * host: an anonymous request finds its community by host, and the token in a link is only
 * found inside the community that issued it.
 */
import type { GuildConfig } from '../core/config/config.js';

/**
 * The base URL (no trailing slash) of a tenant's pages: `<slug>.<GUILD_BASE_HOST>` with the
 * scheme and port of the public URL when tenants have subdomains, else the public URL itself,
 * which serves the default tenant.
 */
export function tenantBaseUrl(
  config: Pick<GuildConfig, 'http' | 'tenancy'>,
  tenantSlug: string,
): string {
  const url = new URL(config.http.publicUrl);
  const base = config.http.baseHost;
  if (base !== '' && tenantSlug !== config.tenancy.defaultTenant) {
    url.hostname = `${tenantSlug}.${base}`;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
