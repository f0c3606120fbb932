/**
 * The rollout plan read against live data (docs/PROGRAM.md): each criterion with its target,
 * what was observed and whether it is met; managers' targets and check-offs are stored in
 * `program_plan_criteria`.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { meets } from './kpi-metrics.js';
import { PHASES, findCriterion, type PlanContext, type PlanUnit } from './plan.js';

export interface CriterionState {
  key: string;
  target: number | null;
  checked: boolean;
  note: string;
  updatedBy: string | null;
  updatedAt: Date;
}

export interface CriterionView {
  key: string;
  kind: 'measured' | 'manual';
  title: string;
  measure: string;
  comparison: 'at_least' | 'at_most' | null;
  unit: PlanUnit | null;
  target: number | null;
  defaultTarget: number | null;
  observed: number | null;
  met: boolean;
  /** Manual criteria: who checked it off (or last changed it) and when, and their note. */
  checkedBy: string | null;
  checkedAt: Date | null;
  note: string;
}

export interface PhaseView {
  key: string;
  name: string;
  deliverables: readonly string[];
  criteria: CriterionView[];
  met: number;
  complete: boolean;
}

export interface PlanView {
  asOf: string;
  phases: PhaseView[];
  /** The first phase not complete; null when all are. */
  currentPhase: string | null;
  complete: boolean;
}

interface StateRow {
  criterion_key: string;
  target: number | string | null;
  checked: boolean;
  note: string;
  updated_by: string | null;
  updated_at: string | Date;
}

async function states(tx: Orm): Promise<Map<string, CriterionState>> {
  const rows = await sqlRows<StateRow>(
    tx,
    sql`select criterion_key, target, checked, note, updated_by, updated_at
          from program_plan_criteria`,
  );
  return new Map(
    rows.map((row) => [
      row.criterion_key,
      {
        key: row.criterion_key,
        target: row.target === null ? null : Number(row.target),
        checked: row.checked,
        note: row.note,
        updatedBy: row.updated_by,
        updatedAt: new Date(row.updated_at),
      },
    ]),
  );
}

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(4)));

/** The whole plan with every criterion checked against live data. */
export async function readPlan(ctx: PlanContext): Promise<PlanView> {
  const saved = await states(ctx.tx);
  const phases: PhaseView[] = [];
  for (const phase of PHASES) {
    const criteria: CriterionView[] = [];
    for (const criterion of phase.criteria) {
      const state = saved.get(criterion.key);
      if (criterion.kind === 'manual') {
        criteria.push({
          key: criterion.key,
          kind: 'manual',
          title: criterion.title,
          measure: criterion.measure,
          comparison: null,
          unit: null,
          target: null,
          defaultTarget: null,
          observed: null,
          met: state?.checked ?? false,
          checkedBy: state?.updatedBy ?? null,
          checkedAt: state?.updatedAt ?? null,
          note: state?.note ?? '',
        });
        continue;
      }
      const target = state?.target ?? criterion.defaultTarget;
      const observed = round(await criterion.observe(ctx));
      criteria.push({
        key: criterion.key,
        kind: 'measured',
        title: criterion.title,
        measure: criterion.measure,
        comparison: criterion.comparison,
        unit: criterion.unit,
        target,
        defaultTarget: criterion.defaultTarget,
        observed,
        met: meets(observed, criterion.comparison, target),
        checkedBy: null,
        checkedAt: null,
        note: state?.note ?? '',
      });
    }
    const met = criteria.filter((c) => c.met).length;
    phases.push({
      key: phase.key,
      name: phase.name,
      deliverables: phase.deliverables,
      criteria,
      met,
      complete: met === criteria.length,
    });
  }
  const current = phases.find((p) => !p.complete) ?? null;
  return {
    asOf: ctx.asOf,
    phases,
    currentPhase: current?.key ?? null,
    complete: current === null,
  };
}

function known(key: string) {
  const found = findCriterion(key);
  if (!found) {
    throw fail.notFound('No such criterion in the rollout plan.');
  }
  return found;
}

async function save(
  tx: Orm,
  tenantId: string,
  key: string,
  values: { target?: number | null; checked?: boolean; note?: string },
  by: string,
): Promise<void> {
  await tx.execute(
    sql`insert into program_plan_criteria (tenant_id, criterion_key, target, checked, note,
          updated_by, updated_at)
        values (${tenantId}, ${key}, ${values.target ?? null}, ${values.checked ?? false},
          ${values.note ?? ''}, ${by}, date_trunc('milliseconds', now()))
        on conflict (tenant_id, criterion_key) do update set
          target = ${values.target === undefined ? sql`program_plan_criteria.target` : sql`excluded.target`},
          checked = ${values.checked === undefined ? sql`program_plan_criteria.checked` : sql`excluded.checked`},
          note = ${values.note === undefined ? sql`program_plan_criteria.note` : sql`excluded.note`},
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
}

/** The stored state of one criterion (or its defaults), for the audit log. */
export async function criterionState(
  tx: Orm,
  key: string,
): Promise<{ target: number | null; checked: boolean; note: string }> {
  const state = (await states(tx)).get(key);
  return {
    target: state?.target ?? null,
    checked: state?.checked ?? false,
    note: state?.note ?? '',
  };
}

/** Sets the target of a measured criterion; null goes back to the default. */
export async function setTarget(
  tx: Orm,
  tenantId: string,
  key: string,
  input: { target: number | null; note?: string },
  by: string,
): Promise<void> {
  const { criterion } = known(key);
  if (criterion.kind !== 'measured') {
    throw fail.validation('This criterion is not measured: check it off instead.', {
      field: 'target',
    });
  }
  const target = input.target;
  if (target !== null) {
    const bad =
      !Number.isFinite(target) ||
      (criterion.unit === 'fraction' && (target < 0 || target > 1)) ||
      ((criterion.unit === 'count' || criterion.unit === 'hours') && target < 0) ||
      (criterion.unit === 'count' && !Number.isInteger(target));
    if (bad) {
      throw fail.validation(
        criterion.unit === 'fraction'
          ? 'This target is a fraction from 0 to 1 (0.25 is 25%).'
          : criterion.unit === 'count'
            ? 'This target is a whole number, 0 or more.'
            : 'This target must be 0 or more.',
        { field: 'target' },
      );
    }
  }
  await save(tx, tenantId, key, { target, note: input.note?.trim() }, by);
}

/** Checks off (or un-checks) a manual criterion. */
export async function setChecked(
  tx: Orm,
  tenantId: string,
  key: string,
  input: { checked: boolean; note?: string },
  by: string,
): Promise<void> {
  const { criterion } = known(key);
  if (criterion.kind !== 'manual') {
    throw fail.validation('This criterion is measured from live data; it cannot be checked off.', {
      field: 'checked',
    });
  }
  await save(tx, tenantId, key, { checked: input.checked, note: input.note?.trim() }, by);
}
