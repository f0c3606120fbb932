/**
 * Expansion (docs/PROGRAM.md): a new region or segment set up from an existing one used as a
 * template. Copied, in the caller's one transaction: the spaces of the source, the moderation
 * policies scoped to it or to its spaces, the point rules scoped to it (region, its spaces, or
 * for a segment the rules open only to it), its challenges (as drafts), and for a region the
 * contract templates written for its market and its currency, locale and time zone. What is not
 * copied is listed with the reason. The caller rolls the transaction back for a dry run.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import type { Actor } from '../../core/http/request-context.js';
import { createSpace } from '../../community/spaces.service.js';
import { marketOfRegion } from '../../compliance/disclosure/author-triggers.js';
import { MARKETS, type Market } from '../../compliance/disclosure/markets.js';
import { createTemplate } from '../../compliance/contracts/templates.service.js';
import {
  createChallenge,
  getChallenge,
} from '../../gamification/achievements/challenges.service.js';
import { createRule, getRule } from '../../gamification/rules/rules.service.js';
import { isTimeZone } from '../../tenancy/tenancy.service.js';

export type ExpansionKind = 'region' | 'segment';

export interface ExpansionInput {
  from: { region?: string; segment?: string };
  to: { code: string; name: string; currency?: string; locale?: string; timezone?: string };
  disclosureMarket?: Market;
}

export interface NotCopied {
  type: string;
  name: string;
  reason: string;
}

export interface ExpansionSummary {
  kind: ExpansionKind;
  source: { code: string; name: string };
  target: {
    code: string;
    name: string;
    currency: string | null;
    locale: string | null;
    timezone: string | null;
  };
  disclosureMarket: Market | null;
  copied: {
    spaces: number;
    moderationPolicies: number;
    pointRules: number;
    challenges: number;
    contractTemplates: number;
  };
  notCopied: NotCopied[];
  notes: string[];
}

interface Source {
  kind: ExpansionKind;
  id: string;
  code: string;
  name: string;
  currency: string | null;
  locale: string | null;
  timezone: string | null;
}

interface Work {
  tx: Orm;
  tenantId: string;
  actor: Actor;
  source: Source;
  targetId: string;
  targetCode: string;
  targetName: string;
  summary: ExpansionSummary;
  /** Source space id → copied space id. */
  spaces: Map<string, { id: string; slug: string }>;
}

const CODE = /^[A-Z][A-Z0-9-]{1,15}$/;
const KEY = /^[a-z0-9][a-z0-9-]{1,40}$/;

// ---------------------------------------------------------------------------------------------
// source and target

async function findSource(tx: Orm, from: ExpansionInput['from']): Promise<Source> {
  if (Boolean(from.region) === Boolean(from.segment)) {
    throw fail.validation('Name either one region or one segment to expand from.', {
      field: 'from',
    });
  }
  if (from.region) {
    const [row] = await sqlRows<{
      id: string;
      code: string;
      name: string;
      currency: string;
      locale: string;
      timezone: string;
    }>(
      tx,
      sql`select id, code, name, currency, locale, timezone from regions
           where code = ${from.region}`,
    );
    if (!row) {
      throw fail.validation(`There is no region ${from.region}.`, { field: 'from/region' });
    }
    return { kind: 'region', ...row, currency: row.currency.trim() };
  }
  const [row] = await sqlRows<{ id: string; key: string; name: string }>(
    tx,
    sql`select id, key, name from segments where key = ${from.segment!}`,
  );
  if (!row) {
    throw fail.validation(`There is no segment ${from.segment}.`, { field: 'from/segment' });
  }
  return {
    kind: 'segment',
    id: row.id,
    code: row.key,
    name: row.name,
    currency: null,
    locale: null,
    timezone: null,
  };
}

function checkLocale(locale: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    if (canonical) {
      return canonical;
    }
  } catch {
    // Falls through to the error below.
  }
  throw fail.validation(`"${locale}" is not a locale (such as en-GB or fr-FR).`, {
    field: 'to/locale',
  });
}

async function createRegion(tx: Orm, tenantId: string, source: Source, to: ExpansionInput['to']) {
  if (!CODE.test(to.code)) {
    throw fail.validation('A region code is 2 to 16 capitals, digits or dashes (such as FR).', {
      field: 'to/code',
    });
  }
  const currency = to.currency ?? source.currency!;
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf('currency').includes(currency)) {
    throw fail.validation(`"${currency}" is not an ISO 4217 currency code.`, {
      field: 'to/currency',
    });
  }
  const locale = checkLocale(to.locale ?? source.locale!);
  const timezone = to.timezone ?? source.timezone!;
  if (!isTimeZone(timezone)) {
    throw fail.validation(`"${timezone}" is not a time zone (such as Europe/Paris).`, {
      field: 'to/timezone',
    });
  }
  const taken = await sqlRows(tx, sql`select 1 from regions where code = ${to.code}`);
  if (taken.length > 0) {
    throw fail.conflict(`The region ${to.code} exists already.`, { field: 'to/code' });
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into regions (tenant_id, code, name, currency, locale, timezone)
        values (${tenantId}, ${to.code}, ${to.name.trim()}, ${currency}, ${locale}, ${timezone})
        returning id`,
  );
  return { id: row!.id, currency, locale, timezone };
}

async function createSegment(tx: Orm, tenantId: string, to: ExpansionInput['to']) {
  if (!KEY.test(to.code)) {
    throw fail.validation('A segment key is 2 to 41 lower-case letters, digits or dashes.', {
      field: 'to/code',
    });
  }
  for (const field of ['currency', 'locale', 'timezone'] as const) {
    if (to[field] !== undefined) {
      throw fail.validation(`A segment has no ${field}; only a region does.`, {
        field: `to/${field}`,
      });
    }
  }
  const taken = await sqlRows(tx, sql`select 1 from segments where key = ${to.code}`);
  if (taken.length > 0) {
    throw fail.conflict(`The segment ${to.code} exists already.`, { field: 'to/code' });
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into segments (tenant_id, key, name) values (${tenantId}, ${to.code},
          ${to.name.trim()}) returning id`,
  );
  return row!.id;
}

// ---------------------------------------------------------------------------------------------
// spaces

/** A free slug for the copy of `slug`: the source's code swapped for the target's, or added. */
function copiedSlug(slug: string, sourceCode: string, targetCode: string, taken: Set<string>) {
  const from = sourceCode.toLowerCase();
  const to = targetCode.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  let base: string;
  if (slug.endsWith(`-${from}`)) {
    base = `${slug.slice(0, -from.length)}${to}`;
  } else if (slug.startsWith(`${from}-`)) {
    base = `${to}${slug.slice(from.length)}`;
  } else {
    base = `${slug}-${to}`;
  }
  base = base.slice(0, 61);
  let candidate = base;
  for (let n = 2; taken.has(candidate); n += 1) {
    candidate = `${base.slice(0, 57)}-${n}`;
  }
  taken.add(candidate);
  return candidate;
}

function copiedName(name: string, work: Work): string {
  if (name.includes(work.source.name)) {
    return name.split(work.source.name).join(work.targetName);
  }
  return `${name} (${work.targetName})`.slice(0, 200);
}

async function copySpaces(work: Work): Promise<void> {
  const { tx, source } = work;
  const rows = await sqlRows<{
    id: string;
    slug: string;
    name: string;
    description: string;
    visibility: 'public' | 'private';
    kind: 'topic' | 'region' | 'store' | 'segment';
    segment_keys: string[];
    archived: boolean;
  }>(
    tx,
    sql`select id, slug, name, description, visibility, kind, segment_keys,
          archived_at is not null as archived
        from spaces
        where ${
          source.kind === 'region'
            ? sql`region_id = ${source.id}`
            : sql`${source.code} = any(segment_keys)`
        }
        order by created_at, id`,
  );
  const taken = new Set(
    (await sqlRows<{ slug: string }>(tx, sql`select slug from spaces`)).map((r) => r.slug),
  );
  for (const row of rows) {
    if (row.archived) {
      work.summary.notCopied.push({ type: 'space', name: row.slug, reason: 'archived' });
      continue;
    }
    const slug = copiedSlug(row.slug, source.code, work.targetCode, taken);
    const regionCode =
      source.kind === 'region'
        ? work.targetCode
        : ((
            await sqlRows<{ code: string }>(
              tx,
              sql`select r.code from spaces s join regions r on r.id = s.region_id
                   where s.id = ${row.id}`,
            )
          )[0]?.code ?? undefined);
    const segments =
      source.kind === 'segment'
        ? row.segment_keys.map((k) => (k === source.code ? work.targetCode : k))
        : row.segment_keys;
    const created = await createSpace(tx, work.actor, work.tenantId, {
      slug,
      name: copiedName(row.name, work),
      description: row.description,
      visibility: row.visibility,
      kind: row.kind,
      regionCode,
      segments,
    });
    work.spaces.set(row.id, { id: created.id, slug });
  }
  work.summary.copied.spaces = work.spaces.size;
}

// ---------------------------------------------------------------------------------------------
// moderation policies

async function copyPolicies(work: Work): Promise<void> {
  const { tx, source } = work;
  const spaceIds = [...work.spaces.keys()];
  const rows = await sqlRows<{
    scope: 'region' | 'space';
    space_id: string | null;
    mode: string;
    settings: unknown;
  }>(
    tx,
    sql`select scope, space_id, mode, settings from moderation_policies
         where ${source.kind === 'region' ? sql`region_id = ${source.id} or` : sql``}
           space_id = any(${sql.param(spaceIds)}::uuid[])`,
  );
  for (const row of rows) {
    const regionId = row.scope === 'region' ? work.targetId : null;
    const spaceId = row.scope === 'space' ? work.spaces.get(row.space_id!)!.id : null;
    await tx.execute(
      sql`insert into moderation_policies (tenant_id, scope, space_id, region_id, mode, settings,
            updated_by)
          values (${work.tenantId}, ${row.scope}, ${spaceId}, ${regionId}, ${row.mode},
            ${JSON.stringify(row.settings)}::jsonb, ${work.actor.userId})`,
    );
    work.summary.copied.moderationPolicies += 1;
  }
  if (source.kind === 'segment') {
    work.summary.notes.push(
      'Moderation policies are set per tenant, region or space, not per segment: the policies ' +
        'of the copied spaces were copied.',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// point rules

async function copyRules(work: Work): Promise<void> {
  const { tx, source } = work;
  const spaceIds = [...work.spaces.keys()];
  const rows = await sqlRows<{ id: string; scope: string; space_id: string | null }>(
    tx,
    sql`select id, scope, space_id from point_rules
         where space_id = any(${sql.param(spaceIds)}::uuid[])
           ${
             source.kind === 'region'
               ? sql`or region_id = ${source.id}`
               : sql`or coalesce(settings->'eligibility'->'segments', '[]'::jsonb)
                          @> jsonb_build_array(${source.code}::text)`
           }
         order by created_at, id`,
  );
  for (const row of rows) {
    const rule = await getRule(tx, row.id);
    if (!rule.active) {
      work.summary.notCopied.push({ type: 'point rule', name: rule.name, reason: 'inactive' });
      continue;
    }
    const { settings } = rule;
    const segments =
      source.kind === 'segment'
        ? settings.eligibility.segments.map((k) => (k === source.code ? work.targetCode : k))
        : settings.eligibility.segments;
    await createRule(
      tx,
      work.tenantId,
      {
        ...settings,
        name: rule.name,
        eventKind: rule.eventKind,
        scope: rule.scope,
        regionCode:
          rule.scope === 'region'
            ? source.kind === 'region'
              ? work.targetCode
              : rule.regionCode
            : null,
        spaceSlug: rule.scope === 'space' ? (work.spaces.get(row.space_id!)?.slug ?? null) : null,
        bonus: rule.bonus,
        active: true,
        eligibility: { ...settings.eligibility, segments },
      },
      work.actor.userId,
    );
    work.summary.copied.pointRules += 1;
  }
}

// ---------------------------------------------------------------------------------------------
// challenges

async function copyChallenges(work: Work): Promise<void> {
  const { tx, source } = work;
  const rows = await sqlRows<{ challenge_id: string }>(
    tx,
    source.kind === 'region'
      ? sql`select challenge_id from challenge_regions where region_id = ${source.id}`
      : sql`select challenge_id from challenge_segments where segment_id = ${source.id}`,
  );
  for (const { challenge_id: id } of rows) {
    const challenge = await getChallenge(tx, id);
    if (challenge.status === 'archived') {
      work.summary.notCopied.push({ type: 'challenge', name: challenge.title, reason: 'archived' });
      continue;
    }
    const swap = (ids: string[]) =>
      ids.map((other) => (other === source.id ? work.targetId : other));
    await createChallenge(
      tx,
      work.tenantId,
      {
        title: challenge.title,
        description: challenge.description,
        startsAt: challenge.startsAtLocal,
        endsAt: challenge.endsAtLocal,
        steps: challenge.steps.map((step) => ({
          title: step.title,
          kind: step.kind,
          activityKind: step.activityKind,
          spaceId: step.spaceId ? (work.spaces.get(step.spaceId)?.id ?? step.spaceId) : null,
          storeId: step.storeId,
          minAmount: step.minAmount,
          requiredCount: step.requiredCount,
        })),
        regionIds: source.kind === 'region' ? [work.targetId] : challenge.regionIds,
        segmentIds: source.kind === 'segment' ? swap(challenge.segmentIds) : challenge.segmentIds,
        prizePoints: challenge.prizePoints,
        rewardId: challenge.rewardId,
        disclosureText: challenge.disclosure?.custom ? challenge.disclosure.reminder : null,
      },
      work.actor.userId,
    );
    work.summary.copied.challenges += 1;
  }
}

// ---------------------------------------------------------------------------------------------
// compliance and what stays

async function copyContractTemplates(work: Work): Promise<void> {
  const { tx, source } = work;
  if (source.kind === 'segment') {
    work.summary.notes.push(
      'Contract templates are written per market (region), not per segment: none copied.',
    );
    return;
  }
  const rows = await sqlRows<{
    id: string;
    program_id: string;
    title: string;
    body: string;
    all_markets: boolean;
  }>(
    tx,
    sql`select t.id, t.program_id, v.title, v.body, v.all_markets
          from contract_templates t
          join contract_template_versions v on v.template_id = t.id
            and v.version = t.current_version
         where t.status <> 'retired'
           and (v.all_markets or ${source.code} = any(v.markets))
         order by t.created_at, t.id`,
  );
  for (const row of rows) {
    if (row.all_markets) {
      work.summary.notCopied.push({
        type: 'contract template',
        name: row.title,
        reason: 'written for all markets: it covers the new region already',
      });
      continue;
    }
    await createTemplate(
      tx,
      work.tenantId,
      row.program_id,
      { title: row.title, body: row.body, markets: [work.targetCode] },
      work.actor.userId,
    );
    work.summary.copied.contractTemplates += 1;
  }
  if (work.summary.copied.contractTemplates > 0) {
    work.summary.notes.push(
      'Copied contract templates are drafts for the new market: review the text and publish.',
    );
  }
}

async function listLeftBehind(work: Work): Promise<void> {
  const { tx, source } = work;
  const programs = await sqlRows<{ name: string }>(
    tx,
    source.kind === 'region'
      ? sql`select name from ambassador_programs where region_id = ${source.id}`
      : sql`select name from ambassador_programs where segment_id = ${source.id}`,
  );
  for (const program of programs) {
    work.summary.notCopied.push({
      type: 'ambassador program',
      name: program.name,
      reason: 'a program holds its members and scores: create one for the new audience',
    });
  }
  if (source.kind === 'region') {
    const rewards = await sqlRows<{ name: string }>(
      tx,
      sql`select name from rewards where ${source.code} = any(region_codes)`,
    );
    for (const reward of rewards) {
      work.summary.notCopied.push({
        type: 'reward',
        name: reward.name,
        reason: 'rewards carry stock and prices in a currency: add the new region to it by hand',
      });
    }
  }
  work.summary.notes.push(
    'Consent notices and retention policies are set for the whole community: they apply to the ' +
      'new audience as they are.',
  );
}

function chooseMarket(work: Work, asked: Market | undefined): Market | null {
  if (work.source.kind !== 'region') {
    if (asked) {
      throw fail.validation('A disclosure market is chosen for a region, not a segment.', {
        field: 'disclosureMarket',
      });
    }
    return null;
  }
  const market = asked ?? marketOfRegion(work.source.code);
  if (!MARKETS.includes(market)) {
    throw fail.validation(`Choose a market of ${MARKETS.join(', ')}.`, {
      field: 'disclosureMarket',
    });
  }
  const applied = marketOfRegion(work.targetCode);
  if (applied !== market) {
    work.summary.notes.push(
      `Disclosure checks read the market from the region code: posts from ${work.targetCode} ` +
        `are checked under ${applied} rules, not the ${market} rules chosen, until Guild maps ` +
        `${work.targetCode} to ${market}.`,
    );
  }
  return market;
}

// ---------------------------------------------------------------------------------------------
// the expansion

/** Creates the target and copies what the source has; returns the summary. */
export async function expand(
  tx: Orm,
  tenantId: string,
  actor: Actor,
  input: ExpansionInput,
): Promise<ExpansionSummary> {
  const source = await findSource(tx, input.from);
  const name = input.to.name.trim();
  if (name.length < 2 || name.length > 100) {
    throw fail.validation('Give the new region or segment a name of 2 to 100 characters.', {
      field: 'to/name',
    });
  }
  const summary: ExpansionSummary = {
    kind: source.kind,
    source: { code: source.code, name: source.name },
    target: { code: input.to.code, name, currency: null, locale: null, timezone: null },
    disclosureMarket: null,
    copied: {
      spaces: 0,
      moderationPolicies: 0,
      pointRules: 0,
      challenges: 0,
      contractTemplates: 0,
    },
    notCopied: [],
    notes: [],
  };
  let targetId: string;
  if (source.kind === 'region') {
    const region = await createRegion(tx, tenantId, source, input.to);
    targetId = region.id;
    summary.target = { ...summary.target, ...region };
    delete (summary.target as { id?: string }).id;
  } else {
    targetId = await createSegment(tx, tenantId, input.to);
  }
  const work: Work = {
    tx,
    tenantId,
    actor,
    source,
    targetId,
    targetCode: input.to.code,
    targetName: name,
    summary,
    spaces: new Map(),
  };
  summary.disclosureMarket = chooseMarket(work, input.disclosureMarket);
  await copySpaces(work);
  await copyPolicies(work);
  await copyRules(work);
  await copyChallenges(work);
  await copyContractTemplates(work);
  await listLeftBehind(work);
  return summary;
}

/** Stores the expansion's record; returns its id. */
export async function recordExpansion(
  tx: Orm,
  tenantId: string,
  summary: ExpansionSummary,
  by: string,
): Promise<string> {
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into program_expansions (tenant_id, kind, source_code, target_code,
          disclosure_market, summary, created_by)
        values (${tenantId}, ${summary.kind}, ${summary.source.code}, ${summary.target.code},
          ${summary.disclosureMarket}, ${JSON.stringify(summary)}::jsonb, ${by})
        returning id`,
  );
  return row!.id;
}

export interface ExpansionRecord {
  id: string;
  summary: ExpansionSummary;
  createdBy: string | null;
  createdAt: Date;
}

export async function listExpansions(
  tx: Orm,
  page: { limit: number; cursor?: string },
): Promise<{ items: ExpansionRecord[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<{
    id: string;
    summary: ExpansionSummary | string;
    created_by: string | null;
    created_at: string | Date;
  }>(
    tx,
    sql`select id, summary, created_by, created_at from program_expansions where true
          ${
            after
              ? sql`and (created_at, id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
              : sql``
          }
        order by created_at desc, id desc limit ${page.limit + 1}`,
  );
  const records = rows.map((row) => ({
    id: row.id,
    summary:
      typeof row.summary === 'string' ? (JSON.parse(row.summary) as ExpansionSummary) : row.summary,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  }));
  return pageOf(records, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
}
