/**
 * Tenants (brands), their regions and segments. Finding a tenant by its slug happens before
 * any tenant context exists, so it reads as the owner; the answer is cached briefly because
 * every anonymous request asks.
 */
import { eq } from 'drizzle-orm';
import type { Database, Orm } from '../core/db/database.js';
import type { TenantRef } from '../core/http/request-context.js';
import { regions, segments, tenants } from './tenancy.table.js';

const CACHE_MS = 30_000;

export interface RegionView {
  id: string;
  code: string;
  name: string;
  currency: string;
  locale: string;
  timezone: string;
}

export interface NewTenant {
  slug: string;
  name: string;
  defaultLocale: string;
  isDemo?: boolean;
  /** An IANA time zone (e.g. Europe/London); UTC when left out. */
  timezone?: string;
  regions: Omit<RegionView, 'id'>[];
  segments: { key: string; name: string }[];
}

/** Looks tenants up by slug with a short cache. */
export class TenantDirectory {
  private readonly cache = new Map<string, { tenant: TenantRef | null; until: number }>();

  constructor(private readonly db: Database) {}

  async bySlug(slug: string): Promise<TenantRef | null> {
    const hit = this.cache.get(slug);
    if (hit && hit.until > Date.now()) {
      return hit.tenant;
    }
    const [row] = await this.db.system
      .select({
        id: tenants.id,
        slug: tenants.slug,
        name: tenants.name,
        defaultLocale: tenants.defaultLocale,
      })
      .from(tenants)
      .where(eq(tenants.slug, slug));
    const tenant = row ?? null;
    this.cache.set(slug, { tenant, until: Date.now() + CACHE_MS });
    return tenant;
  }

  forget(slug: string): void {
    this.cache.delete(slug);
  }
}

/** Creates a tenant with its regions and segments; returns its id. */
export async function createTenant(db: Database, input: NewTenant): Promise<string> {
  for (const zone of [input.timezone ?? 'UTC', ...input.regions.map((r) => r.timezone)]) {
    if (!isTimeZone(zone)) {
      throw new Error(`"${zone}" is not a time zone; use an IANA name such as Europe/London`);
    }
  }
  const [row] = await db.system
    .insert(tenants)
    .values({
      slug: input.slug,
      name: input.name,
      defaultLocale: input.defaultLocale,
      isDemo: input.isDemo ?? false,
      timezone: input.timezone ?? 'UTC',
    })
    .returning({ id: tenants.id });
  if (!row) {
    throw new Error('tenant insert returned nothing');
  }

  await db.tenant(row.id, async (tx) => {
    if (input.regions.length > 0) {
      await tx.insert(regions).values(input.regions.map((r) => ({ ...r, tenantId: row.id })));
    }
    if (input.segments.length > 0) {
      await tx.insert(segments).values(input.segments.map((s) => ({ ...s, tenantId: row.id })));
    }
  });
  return row.id;
}

/** The tenant's regions, by code. */
export async function listRegions(db: Orm): Promise<RegionView[]> {
  return db
    .select({
      id: regions.id,
      code: regions.code,
      name: regions.name,
      currency: regions.currency,
      locale: regions.locale,
      timezone: regions.timezone,
    })
    .from(regions)
    .orderBy(regions.code);
}

/** Counts tenants; an empty database has none. */
export async function countTenants(db: Database): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants');
  return rows[0]?.n ?? 0;
}

/** A region as the API shows it (no id), or null. */
export function presentRegion(
  region: Pick<RegionView, 'code' | 'name' | 'currency' | 'locale' | 'timezone'> | null,
) {
  return region
    ? {
        code: region.code,
        name: region.name,
        currency: region.currency,
        locale: region.locale,
        timezone: region.timezone,
      }
    : null;
}

/** True when `zone` is a time zone the runtime knows (IANA names such as America/New_York). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
