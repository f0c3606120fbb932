/**
 * Point rules: creating, changing (each change a new, kept version), deactivating, listing and
 * loading them for the engine. Rules are checked here before they are stored: amounts and
 * limits must make sense, the scope must name a region or space of the tenant, and no rule may
 * depend on a review's rating or sentiment (REV-01).
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail, GuildError } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { ACTIVITY_KINDS, type ActivityKind } from '../activity.types.js';
import { sentimentConditions, type Rule, type RuleScope, type RuleSettings } from './engine.js';
import type { Role } from '../../core/http/access.js';

/** What a caller may say about a rule; anything left out takes its default. */
export interface RuleInput {
  name: string;
  eventKind: ActivityKind;
  scope: RuleScope;
  regionCode?: string | null;
  spaceSlug?: string | null;
  bonus?: boolean;
  active?: boolean;
  points?: number | null;
  pointsPerCurrencyUnit?: number | null;
  minorUnitsPerCurrencyUnit?: number;
  dailyCap?: { count?: number | null; points?: number | null } | null;
  weeklyCap?: { count?: number | null; points?: number | null } | null;
  lifetimeCap?: { count?: number | null; points?: number | null } | null;
  cooldownSeconds?: number | null;
  diminishing?: { afterCount: number; step: number } | null;
  eligibility?: { roles?: Role[]; segments?: string[]; minAccountAgeDays?: number | null };
  conditions?: Record<string, string | number | boolean>;
  returnWindowDays?: number | null;
  expiryDays?: number | null;
  tierQualifying?: boolean;
}

export interface RuleView {
  id: string;
  version: number;
  name: string;
  eventKind: ActivityKind;
  scope: RuleScope;
  regionCode: string | null;
  spaceSlug: string | null;
  bonus: boolean;
  active: boolean;
  settings: RuleSettings;
  createdAt: string;
  updatedAt: string;
}

interface RuleRow {
  id: string;
  version: number;
  name: string;
  event_kind: ActivityKind;
  scope: RuleScope;
  region_id: string | null;
  space_id: string | null;
  region_code: string | null;
  space_slug: string | null;
  bonus: boolean;
  active: boolean;
  settings: RuleSettings | string;
  created_at: string | Date;
  updated_at: string | Date;
}

const RULE_COLUMNS = sql.raw(`r.id, r.version, r.name, r.event_kind, r.scope, r.region_id,
  r.space_id, g.code as region_code, s.slug as space_slug, r.bonus, r.active, r.settings,
  r.created_at, r.updated_at`);
const RULE_FROM = sql.raw(`point_rules r left join regions g on g.id = r.region_id
  left join spaces s on s.id = r.space_id`);

function settingsOf(raw: RuleSettings | string): RuleSettings {
  return typeof raw === 'string' ? (JSON.parse(raw) as RuleSettings) : raw;
}

function ruleOf(row: RuleRow): Rule {
  return {
    id: row.id,
    version: Number(row.version),
    name: row.name,
    eventKind: row.event_kind,
    scope: row.scope,
    regionId: row.region_id,
    spaceId: row.space_id,
    bonus: row.bonus,
    active: row.active,
    settings: settingsOf(row.settings),
    createdAt: new Date(row.created_at),
  };
}

function viewOf(row: RuleRow): RuleView {
  return {
    id: row.id,
    version: Number(row.version),
    name: row.name,
    eventKind: row.event_kind,
    scope: row.scope,
    regionCode: row.region_code,
    spaceSlug: row.space_slug,
    bonus: row.bonus,
    active: row.active,
    settings: settingsOf(row.settings),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The active rules for one kind of event, as the engine reads them. */
export async function activeRules(tx: Orm, kind: ActivityKind): Promise<Rule[]> {
  const rows = await sqlRows<RuleRow>(
    tx,
    sql`select ${RULE_COLUMNS} from ${RULE_FROM} where r.active and r.event_kind = ${kind}`,
  );
  return rows.map(ruleOf);
}

/** Every active rule of the tenant (the backfill scores with these). */
export async function allActiveRules(tx: Orm): Promise<Rule[]> {
  const rows = await sqlRows<RuleRow>(
    tx,
    sql`select ${RULE_COLUMNS} from ${RULE_FROM} where r.active`,
  );
  return rows.map(ruleOf);
}

function positiveOrNull(value: number | null | undefined, field: string, integer = true) {
  if (value === null || value === undefined) {
    return null;
  }
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw fail.validation(`"${field}" must be ${integer ? 'a whole number' : 'a number'} ≥ 0.`, {
      field,
    });
  }
  return value;
}

function capOf(input: RuleInput['dailyCap'], field: string) {
  if (!input) {
    return null;
  }
  const count = positiveOrNull(input.count, `${field}.count`);
  const points = positiveOrNull(input.points, `${field}.points`);
  return count === null && points === null ? null : { count, points };
}

/** Checks a rule as asked and fills in the defaults; refuses REV-01 conditions. */
export function settingsFrom(input: RuleInput): RuleSettings {
  const conditions = input.conditions ?? {};
  const refused = sentimentConditions(conditions);
  if (refused.length > 0) {
    throw new GuildError(
      'sentiment_condition_refused',
      `A point rule may not depend on a rating or sentiment (REV-01); remove: ${refused.join(', ')}.`,
      { conditions: refused },
    );
  }
  const points = positiveOrNull(input.points, 'points');
  const perUnit = positiveOrNull(input.pointsPerCurrencyUnit, 'pointsPerCurrencyUnit', false);
  if ((points === null) === (perUnit === null)) {
    throw fail.validation('Give either "points" or "pointsPerCurrencyUnit", not both.', {
      field: 'points',
    });
  }
  if (perUnit !== null && input.eventKind !== 'purchase') {
    throw fail.validation('"pointsPerCurrencyUnit" is for purchase rules.', {
      field: 'pointsPerCurrencyUnit',
    });
  }
  const minor = input.minorUnitsPerCurrencyUnit ?? 100;
  if (!Number.isInteger(minor) || minor < 1) {
    throw fail.validation('"minorUnitsPerCurrencyUnit" must be a whole number ≥ 1.', {
      field: 'minorUnitsPerCurrencyUnit',
    });
  }
  const diminishing = input.diminishing ?? null;
  if (diminishing && (diminishing.step <= 0 || diminishing.step > 1)) {
    throw fail.validation('"diminishing.step" must be more than 0 and at most 1.', {
      field: 'diminishing.step',
    });
  }
  return {
    points,
    pointsPerCurrencyUnit: perUnit,
    minorUnitsPerCurrencyUnit: minor,
    dailyCap: capOf(input.dailyCap, 'dailyCap'),
    weeklyCap: capOf(input.weeklyCap, 'weeklyCap'),
    lifetimeCap: capOf(input.lifetimeCap, 'lifetimeCap'),
    cooldownSeconds: positiveOrNull(input.cooldownSeconds, 'cooldownSeconds'),
    diminishing,
    eligibility: {
      roles: [...new Set(input.eligibility?.roles ?? [])],
      segments: [...new Set(input.eligibility?.segments ?? [])],
      minAccountAgeDays: positiveOrNull(
        input.eligibility?.minAccountAgeDays,
        'eligibility.minAccountAgeDays',
      ),
    },
    conditions,
    returnWindowDays: positiveOrNull(input.returnWindowDays, 'returnWindowDays'),
    expiryDays: positiveOrNull(input.expiryDays, 'expiryDays'),
    tierQualifying: input.tierQualifying ?? false,
  };
}

/** Resolves a scope's region code or space slug to ids of the tenant. */
async function scopeIds(
  tx: Orm,
  input: Pick<RuleInput, 'scope' | 'regionCode' | 'spaceSlug'>,
): Promise<{ regionId: string | null; spaceId: string | null }> {
  if (input.scope === 'tenant') {
    if (input.regionCode || input.spaceSlug) {
      throw fail.validation('A tenant-wide rule names no region or space.', { field: 'scope' });
    }
    return { regionId: null, spaceId: null };
  }
  if (input.scope === 'region') {
    const [row] = await sqlRows<{ id: string }>(
      tx,
      sql`select id from regions where code = ${input.regionCode ?? ''}`,
    );
    if (!row) {
      throw fail.validation('Name a region of this community by its code.', {
        field: 'regionCode',
      });
    }
    return { regionId: row.id, spaceId: null };
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from spaces where slug = ${input.spaceSlug ?? ''}`,
  );
  if (!row) {
    throw fail.validation('Name a space of this community by its slug.', { field: 'spaceSlug' });
  }
  return { regionId: null, spaceId: row.id };
}

async function loadRow(tx: Orm, id: string, lock = false): Promise<RuleRow> {
  const [row] = await sqlRows<RuleRow>(
    tx,
    sql`select ${RULE_COLUMNS} from ${RULE_FROM} where r.id = ${id}
        ${lock ? sql`for update of r` : sql``}`,
  );
  if (!row) {
    throw fail.notFound('No point rule with this id.');
  }
  return row;
}

async function writeVersion(
  tx: Orm,
  tenantId: string,
  row: RuleRow,
  change: 'created' | 'updated' | 'deactivated' | 'activated',
  actorId: string | null,
): Promise<void> {
  const view = viewOf(row);
  const definition = {
    name: view.name,
    eventKind: view.eventKind,
    scope: view.scope,
    regionCode: view.regionCode,
    spaceSlug: view.spaceSlug,
    bonus: view.bonus,
    active: view.active,
    settings: view.settings,
  };
  await tx.execute(sql`insert into point_rule_versions (tenant_id, rule_id, version, change,
      definition, changed_by)
    values (${tenantId}, ${row.id}, ${row.version}, ${change}, ${JSON.stringify(definition)}::jsonb,
      ${actorId})`);
}

/** Creates a rule (version 1). */
export async function createRule(
  tx: Orm,
  tenantId: string,
  input: RuleInput,
  actorId: string | null,
): Promise<RuleView> {
  if (!ACTIVITY_KINDS.includes(input.eventKind)) {
    throw fail.validation('Unknown event kind.', { field: 'eventKind' });
  }
  const settings = settingsFrom(input);
  const { regionId, spaceId } = await scopeIds(tx, input);
  const [created] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into point_rules (tenant_id, name, event_kind, scope, region_id, space_id, bonus,
        active, settings, created_by)
      values (${tenantId}, ${input.name}, ${input.eventKind}, ${input.scope}, ${regionId},
        ${spaceId}, ${input.bonus ?? false}, ${input.active ?? true},
        ${JSON.stringify(settings)}::jsonb, ${actorId})
      returning id`,
  );
  const row = await loadRow(tx, created!.id);
  await writeVersion(tx, tenantId, row, 'created', actorId);
  return viewOf(row);
}

/**
 * Changes a rule: the fields given replace the current ones and the result is stored as the
 * next version. Points already written keep the version that made them.
 */
export async function updateRule(
  tx: Orm,
  tenantId: string,
  id: string,
  change: Partial<RuleInput>,
  actorId: string | null,
): Promise<RuleView> {
  const current = viewOf(await loadRow(tx, id, true));
  if (Object.keys(withoutUndefined(change)).length === 0) {
    throw new GuildError(
      'validation_failed',
      'Send at least one rule field to change; fields are top-level (name, points, dailyCap, …).',
    );
  }
  const merged: RuleInput = {
    name: change.name ?? current.name,
    eventKind: change.eventKind ?? current.eventKind,
    scope: change.scope ?? current.scope,
    regionCode:
      change.scope !== undefined || change.regionCode !== undefined
        ? (change.regionCode ?? null)
        : current.regionCode,
    spaceSlug:
      change.scope !== undefined || change.spaceSlug !== undefined
        ? (change.spaceSlug ?? null)
        : current.spaceSlug,
    bonus: change.bonus ?? current.bonus,
    active: change.active ?? current.active,
    ...current.settings,
    ...withoutUndefined(change),
  };
  // An amount of one sort given replaces the other sort.
  if (change.points !== undefined && change.pointsPerCurrencyUnit === undefined) {
    merged.pointsPerCurrencyUnit = null;
  }
  if (change.pointsPerCurrencyUnit !== undefined && change.points === undefined) {
    merged.points = null;
  }
  const settings = settingsFrom(merged);
  const { regionId, spaceId } = await scopeIds(tx, merged);
  const unchanged =
    merged.name === current.name &&
    merged.eventKind === current.eventKind &&
    merged.scope === current.scope &&
    (merged.bonus ?? false) === current.bonus &&
    (merged.active ?? true) === current.active &&
    (merged.regionCode ?? null) === current.regionCode &&
    (merged.spaceSlug ?? null) === current.spaceSlug &&
    isDeepStrictEqual(JSON.parse(JSON.stringify(settings)), current.settings);
  if (unchanged) {
    return current; // nothing to version
  }
  await tx.execute(sql`update point_rules set name = ${merged.name},
      event_kind = ${merged.eventKind}, scope = ${merged.scope}, region_id = ${regionId},
      space_id = ${spaceId}, bonus = ${merged.bonus ?? false}, active = ${merged.active ?? true},
      settings = ${JSON.stringify(settings)}::jsonb, version = version + 1, updated_at = now()
    where id = ${id}`);
  const row = await loadRow(tx, id);
  const toggled = current.active !== row.active;
  await writeVersion(
    tx,
    tenantId,
    row,
    toggled ? (row.active ? 'activated' : 'deactivated') : 'updated',
    actorId,
  );
  return viewOf(row);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Deactivates a rule (a new version); it scores nothing from now on. */
export async function deactivateRule(
  tx: Orm,
  tenantId: string,
  id: string,
  actorId: string | null,
): Promise<RuleView> {
  const current = await loadRow(tx, id, true);
  if (!current.active) {
    return viewOf(current);
  }
  await tx.execute(sql`update point_rules set active = false, version = version + 1,
      updated_at = now() where id = ${id}`);
  const row = await loadRow(tx, id);
  await writeVersion(tx, tenantId, row, 'deactivated', actorId);
  return viewOf(row);
}

export async function getRule(tx: Orm, id: string): Promise<RuleView> {
  return viewOf(await loadRow(tx, id));
}

/** One page of rules, newest first. */
export async function listRules(
  tx: Orm,
  options: { limit: number; cursor?: string; eventKind?: ActivityKind; active?: boolean },
) {
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<RuleRow>(
    tx,
    sql`select ${RULE_COLUMNS} from ${RULE_FROM}
      where (${options.eventKind ?? null}::text is null or r.event_kind = ${options.eventKind ?? null})
        and (${options.active ?? null}::boolean is null or r.active = ${options.active ?? null})
        ${after ? sql`and (r.created_at, r.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
      order by r.created_at desc, r.id desc
      limit ${options.limit + 1}`,
  );
  const page = pageOf(rows, options.limit, (row) => ({
    at: new Date(row.created_at),
    id: row.id,
  }));
  return { items: page.items.map(viewOf), nextCursor: page.nextCursor };
}

export interface RuleVersionView {
  version: number;
  change: string;
  definition: Record<string, unknown>;
  changedBy: string | null;
  createdAt: string;
}

/** Every version of a rule, newest first. */
export async function ruleVersions(
  tx: Orm,
  id: string,
  options: { limit: number; before?: number },
): Promise<{ items: RuleVersionView[]; nextBefore: number | null }> {
  await loadRow(tx, id);
  const rows = await sqlRows<{
    version: number;
    change: string;
    definition: Record<string, unknown> | string;
    changed_by: string | null;
    created_at: string | Date;
  }>(
    tx,
    sql`select version, change, definition, changed_by, created_at from point_rule_versions
      where rule_id = ${id} and (${options.before ?? null}::int is null or version < ${options.before ?? null}::int)
      order by version desc limit ${options.limit + 1}`,
  );
  const items = rows.slice(0, options.limit).map((row) => ({
    version: Number(row.version),
    change: row.change,
    definition:
      typeof row.definition === 'string'
        ? (JSON.parse(row.definition) as Record<string, unknown>)
        : row.definition,
    changedBy: row.changed_by,
    createdAt: new Date(row.created_at).toISOString(),
  }));
  const last = items.at(-1);
  return { items, nextBefore: rows.length > options.limit && last ? last.version : null };
}

/**
 * The starting rules Guild suggests for a community (installed on request, never silently):
 * modest points for taking part, caps so that volume cannot be farmed, and purchases at one
 * point per currency unit with a 30-day return window.
 */
export const DEFAULT_RULES: RuleInput[] = [
  {
    name: 'Post published',
    eventKind: 'post_published',
    scope: 'tenant',
    points: 10,
    dailyCap: { count: 5 },
  },
  {
    name: 'Comment published',
    eventKind: 'comment_published',
    scope: 'tenant',
    points: 2,
    dailyCap: { points: 20 },
    diminishing: { afterCount: 5, step: 0.25 },
  },
  {
    name: 'Reaction received',
    eventKind: 'reaction_received',
    scope: 'tenant',
    points: 1,
    dailyCap: { points: 50 },
  },
  { name: 'Answer accepted', eventKind: 'answer_accepted', scope: 'tenant', points: 15 },
  { name: 'Daily visit', eventKind: 'daily_visit', scope: 'tenant', points: 1 },
  {
    name: 'Purchase',
    eventKind: 'purchase',
    scope: 'tenant',
    pointsPerCurrencyUnit: 1,
    returnWindowDays: 30,
    tierQualifying: true,
  },
  { name: 'Review published (any rating)', eventKind: 'review', scope: 'tenant', points: 20 },
  {
    name: 'Store visit',
    eventKind: 'store_visit',
    scope: 'tenant',
    points: 5,
    dailyCap: { count: 1 },
  },
  { name: 'Referral converted', eventKind: 'referral_converted', scope: 'tenant', points: 100 },
];

/** Installs the default rules for event kinds that have no rule yet; returns those made. */
export async function installDefaultRules(
  tx: Orm,
  tenantId: string,
  actorId: string | null,
): Promise<RuleView[]> {
  const existing = await sqlRows<{ event_kind: string }>(
    tx,
    sql`select distinct event_kind from point_rules`,
  );
  const have = new Set(existing.map((row) => row.event_kind));
  const made: RuleView[] = [];
  for (const rule of DEFAULT_RULES.filter((r) => !have.has(r.eventKind))) {
    made.push(await createRule(tx, tenantId, rule, actorId));
  }
  return made;
}
