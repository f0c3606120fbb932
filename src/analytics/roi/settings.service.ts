/**
 * A tenant's analytics settings (docs/ROI.md): the currency its money figures are in, the gross
 * margin, what a human review and an AI check cost (moderation cost reduction), what a converted
 * referral and an approved content submission are worth, and the retention lift's default
 * window and minimum group size. One row per tenant; before one is written the defaults apply.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';

export interface AnalyticsSettings {
  currency: string;
  /** Fraction of revenue kept as gross margin (0.35 = 35%). */
  grossMargin: number;
  /** Currency units per human review. */
  costPerReview: number;
  /** Currency units per item checked by the automatic pipeline. */
  aiCostPerItem: number;
  /** Currency units per converted referral. */
  referralValue: number;
  /** Currency units per approved content submission. */
  ugcValue: number;
  liftWindowDays: number;
  minGroupSize: number;
  /** False while the tenant has never saved settings (the defaults apply). */
  saved: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export type SettingsChange = Partial<Omit<AnalyticsSettings, 'saved' | 'updatedBy' | 'updatedAt'>>;

export const SETTINGS_DEFAULTS = {
  grossMargin: 0.35,
  costPerReview: 0.5,
  aiCostPerItem: 0.0005,
  referralValue: 0,
  ugcValue: 0,
  liftWindowDays: 90,
  minGroupSize: 30,
} as const;

/** The currency used when a tenant has no region to take one from. */
export const FALLBACK_CURRENCY = 'EUR';

interface SettingsRow {
  currency: string;
  gross_margin: string | number;
  cost_per_review: string | number;
  ai_cost_per_item: string | number;
  referral_value: string | number;
  ugc_value: string | number;
  lift_window_days: number;
  min_group_size: number;
  updated_by: string | null;
  updated_at: Date | string;
}

/** Digits after the decimal point of a currency's minor unit (GBP 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

/** The currency most of the tenant's regions use (ties: alphabetically first). */
async function regionCurrency(tx: Orm): Promise<string> {
  const [row] = await sqlRows<{ currency: string }>(
    tx,
    sql`select currency from regions group by currency order by count(*) desc, currency limit 1`,
  );
  return row?.currency.trim() ?? FALLBACK_CURRENCY;
}

/** The tenant's settings, or the defaults when none were saved. */
export async function readAnalyticsSettings(tx: Orm): Promise<AnalyticsSettings> {
  const [row] = await sqlRows<SettingsRow>(
    tx,
    sql`select currency, gross_margin, cost_per_review, ai_cost_per_item, referral_value,
          ugc_value, lift_window_days, min_group_size, updated_by, updated_at
        from analytics_settings`,
  );
  if (!row) {
    return {
      currency: await regionCurrency(tx),
      ...SETTINGS_DEFAULTS,
      saved: false,
      updatedBy: null,
      updatedAt: null,
    };
  }
  return {
    currency: row.currency.trim(),
    grossMargin: Number(row.gross_margin),
    costPerReview: Number(row.cost_per_review),
    aiCostPerItem: Number(row.ai_cost_per_item),
    referralValue: Number(row.referral_value),
    ugcValue: Number(row.ugc_value),
    liftWindowDays: row.lift_window_days,
    minGroupSize: row.min_group_size,
    saved: true,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at),
  };
}

/** The values alone, without who saved them and when (what the audit log keeps). */
export function settingValues(settings: AnalyticsSettings): SettingsChange {
  return {
    currency: settings.currency,
    grossMargin: settings.grossMargin,
    costPerReview: settings.costPerReview,
    aiCostPerItem: settings.aiCostPerItem,
    referralValue: settings.referralValue,
    ugcValue: settings.ugcValue,
    liftWindowDays: settings.liftWindowDays,
    minGroupSize: settings.minGroupSize,
  };
}

function checkCurrency(currency: string): void {
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf('currency').includes(currency)) {
    throw fail.validation(`"${currency}" is not an ISO 4217 currency code.`, {
      field: 'currency',
    });
  }
}

/** Applies `change` over the current settings and stores the whole row; returns it. */
export async function saveAnalyticsSettings(
  tx: Orm,
  tenantId: string,
  change: SettingsChange,
  by: string,
): Promise<AnalyticsSettings> {
  const next = { ...(await readAnalyticsSettings(tx)), ...change };
  checkCurrency(next.currency);
  await tx.execute(
    sql`insert into analytics_settings (tenant_id, currency, gross_margin, cost_per_review,
          ai_cost_per_item, referral_value, ugc_value, lift_window_days, min_group_size,
          updated_by, updated_at)
        values (${tenantId}, ${next.currency}, ${next.grossMargin}, ${next.costPerReview},
          ${next.aiCostPerItem}, ${next.referralValue}, ${next.ugcValue}, ${next.liftWindowDays},
          ${next.minGroupSize}, ${by}, date_trunc('milliseconds', now()))
        on conflict (tenant_id) do update set
          currency = excluded.currency, gross_margin = excluded.gross_margin,
          cost_per_review = excluded.cost_per_review, ai_cost_per_item = excluded.ai_cost_per_item,
          referral_value = excluded.referral_value, ugc_value = excluded.ugc_value,
          lift_window_days = excluded.lift_window_days, min_group_size = excluded.min_group_size,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
  return readAnalyticsSettings(tx);
}
