/**
 * Purpose limitation (COMPLIANCE.md PRV-07): each category of stored data carries the purposes
 * it may be used for, as the retailer's privacy notice says. A feature that reads a category
 * for a purpose asks `allowedCategories` first and leaves out what is not allowed; the member's
 * own consent to the purpose is checked separately (consents.service.ts).
 *
 * Defaults: purchases, loyalty, community activity and reviews may be used for ambassador
 * scoring; social mentions may not until an admin adds the purpose, because social handles are
 * often collected for something else (sign-in, support) and reusing them silently is exactly
 * what PRV-07 forbids.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { fail } from '../core/errors/errors.js';

export const DATA_CATEGORIES = [
  'crm_purchases',
  'loyalty',
  'community_activity',
  'reviews',
  'social_mentions',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const DATA_USES = [
  'ambassador_scoring',
  'analytics',
  'loyalty_program',
  'community_features',
  'marketing',
] as const;
export type DataUse = (typeof DATA_USES)[number];

export const DEFAULT_DATA_PURPOSES: Record<DataCategory, readonly DataUse[]> = {
  crm_purchases: ['ambassador_scoring', 'analytics', 'loyalty_program'],
  loyalty: ['ambassador_scoring', 'analytics', 'loyalty_program'],
  community_activity: ['ambassador_scoring', 'analytics', 'community_features'],
  reviews: ['ambassador_scoring', 'analytics', 'community_features'],
  social_mentions: ['analytics'],
};

export interface CategoryPurposes {
  category: DataCategory;
  purposes: DataUse[];
  /** False while the category still has Guild's defaults. */
  customised: boolean;
  updatedAt: Date | null;
}

/** The purposes of every category, defaults filled in. */
export async function dataPurposes(tx: Orm): Promise<CategoryPurposes[]> {
  const rows = await sqlRows<{
    category: DataCategory;
    purposes: DataUse[];
    updated_at: string | Date;
  }>(tx, sql`select category, purposes, updated_at from data_category_purposes`);
  return DATA_CATEGORIES.map((category) => {
    const row = rows.find((r) => r.category === category);
    return {
      category,
      purposes: row ? [...row.purposes] : [...DEFAULT_DATA_PURPOSES[category]],
      customised: row !== undefined,
      updatedAt: row ? new Date(row.updated_at) : null,
    };
  });
}

/** The categories that may be read for `use`. */
export async function allowedCategories(tx: Orm, use: DataUse): Promise<Set<DataCategory>> {
  const all = await dataPurposes(tx);
  return new Set(all.filter((c) => c.purposes.includes(use)).map((c) => c.category));
}

/** Sets what one category may be used for. */
export async function setDataPurposes(
  tx: Orm,
  tenantId: string,
  input: { category: DataCategory; purposes: readonly DataUse[]; updatedBy: string },
): Promise<CategoryPurposes> {
  const purposes = [...new Set(input.purposes)].sort();
  if (purposes.some((p) => !DATA_USES.includes(p))) {
    throw fail.validation(`Purposes are among: ${DATA_USES.join(', ')}.`, { field: 'purposes' });
  }
  await tx.execute(
    sql`insert into data_category_purposes (tenant_id, category, purposes, updated_by)
        values (${tenantId}, ${input.category}, ${sql.param(purposes)}::text[], ${input.updatedBy})
        on conflict (tenant_id, category) do update
          set purposes = excluded.purposes, updated_by = excluded.updated_by, updated_at = now()`,
  );
  return (await dataPurposes(tx)).find((c) => c.category === input.category)!;
}
