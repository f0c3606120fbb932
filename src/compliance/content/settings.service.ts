/**
 * Each program's content settings: the review deadline (SLA) in hours, when managers are warned
 * (a share of the deadline), what a missed deadline does (`senior`: the item moves to the senior
 * queue; `flag`: it is flagged at top severity where it is), the optional automatic decision at
 * the deadline (off by default), the usage-rights reminder days and the brand rules.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import type { BrandRulesConfig } from '../brand-rules.js';

export const BREACH_ACTIONS = ['senior', 'flag'] as const;
export const AUTO_DECISIONS = ['off', 'approve_if_clean'] as const;

export interface ContentSettings {
  programId: string;
  slaHours: number;
  escalateAtPercent: number;
  breachAction: (typeof BREACH_ACTIONS)[number];
  autoDecision: (typeof AUTO_DECISIONS)[number];
  rightsReminderDays: number[];
  brandRules: BrandRulesConfig;
}

export const DEFAULT_SETTINGS: Omit<ContentSettings, 'programId'> = Object.freeze({
  slaHours: 48,
  escalateAtPercent: 75,
  breachAction: 'senior',
  autoDecision: 'off',
  rightsReminderDays: [14, 3],
  brandRules: {},
});

interface SettingsRow {
  program_id: string;
  sla_hours: number;
  escalate_at_percent: number;
  breach_action: ContentSettings['breachAction'];
  auto_decision: ContentSettings['autoDecision'];
  rights_reminder_days: number[];
  brand_rules: BrandRulesConfig;
}

const settingsOf = (row: SettingsRow): ContentSettings => ({
  programId: row.program_id,
  slaHours: row.sla_hours,
  escalateAtPercent: row.escalate_at_percent,
  breachAction: row.breach_action,
  autoDecision: row.auto_decision,
  rightsReminderDays: row.rights_reminder_days,
  brandRules: row.brand_rules,
});

/** A program's settings, Guild's defaults where none were saved. */
/**
 * A program's content settings, or the defaults (a challenge's submissions, `programId` null,
 * always use the defaults).
 */
export async function contentSettings(tx: Orm, programId: string | null): Promise<ContentSettings> {
  if (programId === null) {
    return { programId: '', ...DEFAULT_SETTINGS };
  }
  const [row] = await sqlRows<SettingsRow>(
    tx,
    sql`select * from content_program_settings where program_id = ${programId}`,
  );
  return row ? settingsOf(row) : { programId, ...DEFAULT_SETTINGS };
}

/** Saves a program's settings; fields left out keep their value. */
export async function saveContentSettings(
  tx: Orm,
  tenantId: string,
  programId: string,
  change: Partial<Omit<ContentSettings, 'programId'>>,
  actorId: string,
): Promise<ContentSettings> {
  const next = { ...(await contentSettings(tx, programId)), ...change };
  const days = [...new Set(next.rightsReminderDays)].sort((a, b) => b - a);
  await tx.execute(
    sql`insert into content_program_settings (program_id, tenant_id, sla_hours,
          escalate_at_percent, breach_action, auto_decision, rights_reminder_days, brand_rules,
          updated_by, updated_at)
        values (${programId}, ${tenantId}, ${next.slaHours}, ${next.escalateAtPercent},
          ${next.breachAction}, ${next.autoDecision}, ${sql.param(days)}::int[],
          ${JSON.stringify(next.brandRules)}::jsonb, ${actorId}, now())
        on conflict (program_id) do update set sla_hours = excluded.sla_hours,
          escalate_at_percent = excluded.escalate_at_percent,
          breach_action = excluded.breach_action, auto_decision = excluded.auto_decision,
          rights_reminder_days = excluded.rights_reminder_days,
          brand_rules = excluded.brand_rules, updated_by = excluded.updated_by,
          updated_at = now()`,
  );
  return contentSettings(tx, programId);
}
