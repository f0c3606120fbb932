/**
 * Program goals (docs/PROGRAM.md): each goal as an article with its owner, due date and status
 * (changed with a select), its KPIs with the current value against the target, met or not and
 * the trend of the last months, and a form to add a KPI; above them the form for a new goal.
 * The owner is named by username and must be staff; the API checks it too.
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createGoal,
  deleteGoal,
  DIRECTIONS,
  type Direction,
  findMember,
  type Goal,
  GOAL_STATUSES,
  type GoalStatus,
  type Kpi,
  type KpiInput,
  kpiInputOf,
  type KpiMetric,
  STAFF_ROLES,
  updateGoal,
  useGoals,
  useKpiMetrics,
} from '../../../api/analyticsProgram';
import { ApiError } from '../../../api/client';
import { useSession } from '../../../api/session';
import { toApiError } from '../../../api/useResource';
import { announce } from '../../announcer';
import { ConfirmButton } from '../../ConfirmButton';
import { ErrorAlert } from '../../ErrorAlert';
import { DataState } from '../DataState';
import { useAnalyticsFormat } from '../useAnalyticsFormat';
import { formatChange, formatUnit, parseTarget } from './unitFormat';

interface KpiDraft {
  metric: string;
  direction: Direction;
  target: string;
}

const emptyKpi = (): KpiDraft => ({ metric: '', direction: 'at_least', target: '' });

/** The fields of one KPI; used in the new-goal form and in "Add a KPI". */
function KpiFields({
  metrics,
  draft,
  onChange,
  problem,
  optional,
}: {
  metrics: KpiMetric[];
  draft: KpiDraft;
  onChange: (draft: KpiDraft) => void;
  problem: boolean;
  optional: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const unit = metrics.find((m) => m.metric === draft.metric)?.unit ?? 'count';
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-metric`}>{t('analyticsProgram.goals.metric')}</label>
        <select
          id={`${id}-metric`}
          value={draft.metric}
          onChange={(event) => onChange({ ...draft, metric: event.target.value })}
        >
          {optional ? <option value="">{t('analyticsProgram.goals.noKpi')}</option> : null}
          {metrics.map((metric) => (
            <option key={metric.metric} value={metric.metric}>
              {metric.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-direction`}>{t('analyticsProgram.goals.direction')}</label>
        <select
          id={`${id}-direction`}
          value={draft.direction}
          onChange={(event) => onChange({ ...draft, direction: event.target.value as Direction })}
        >
          {DIRECTIONS.map((direction) => (
            <option key={direction} value={direction}>
              {t(`analyticsProgram.directions.${direction}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-target`}>{t(`analyticsProgram.goals.target.${unit}`)}</label>
        <input
          id={`${id}-target`}
          type="text"
          inputMode="decimal"
          value={draft.target}
          aria-invalid={problem || undefined}
          aria-describedby={problem ? `${id}-target-error` : undefined}
          onChange={(event) => onChange({ ...draft, target: event.target.value })}
        />
        {problem ? (
          <p id={`${id}-target-error`} className="field-error">
            {t('analyticsProgram.goals.targetInvalid')}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** The KPI a draft stands for, null when it names none, or 'bad' for an unreadable target. */
function kpiOfDraft(draft: KpiDraft, metrics: KpiMetric[]): KpiInput | null | 'bad' {
  const metric = metrics.find((m) => m.metric === draft.metric);
  if (!metric) {
    return null;
  }
  const target = parseTarget(draft.target, metric.unit);
  return target === null ? 'bad' : { metric: metric.metric, direction: draft.direction, target };
}

/** The staff member a username names, or an error to show. */
async function staffId(username: string): Promise<string> {
  const profile = await findMember(username);
  if (!STAFF_ROLES.includes(profile.role)) {
    throw new ApiError(400, 'validation_failed', 'not staff', { field: 'ownerId' });
  }
  return profile.id;
}

function GoalForm({ metrics, onCreated }: { metrics: KpiMetric[]; onCreated: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const id = useId();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState(user?.username ?? '');
  const [dueOn, setDueOn] = useState('');
  const [status, setStatus] = useState<GoalStatus>('planned');
  const [kpi, setKpi] = useState<KpiDraft>(emptyKpi);
  const [problem, setProblem] = useState<'title' | 'dueOn' | 'target' | 'owner' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const kpiInput = kpiOfDraft(kpi, metrics);
    const found =
      title.trim().length < 3
        ? 'title'
        : !/^\d{4}-\d{2}-\d{2}$/.test(dueOn)
          ? 'dueOn'
          : kpiInput === 'bad'
            ? 'target'
            : null;
    setProblem(found);
    if (found || kpiInput === 'bad') {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let ownerId: string;
      try {
        ownerId = await staffId(owner);
      } catch {
        setProblem('owner');
        return;
      }
      const goal = await createGoal({
        title: title.trim(),
        description: description.trim(),
        ownerId,
        dueOn,
        status,
        kpis: kpiInput ? [kpiInput] : [],
      });
      setTitle('');
      setDescription('');
      setKpi(emptyKpi());
      announce(t('analyticsProgram.goals.created', { title: goal.title }));
      onCreated();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: typeof problem) => ({
    'aria-invalid': problem === field || undefined,
    'aria-describedby': problem === field ? `${id}-${field}-error` : undefined,
  });
  const fieldError = (field: typeof problem, text: string) =>
    problem === field ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {text}
      </p>
    ) : null;

  return (
    <form
      className="program-form"
      aria-label={t('analyticsProgram.goals.form')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <h3>{t('analyticsProgram.goals.form')}</h3>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-title`}>{t('analyticsProgram.goals.title')}</label>
          <input
            id={`${id}-title`}
            type="text"
            maxLength={200}
            value={title}
            {...invalid('title')}
            onChange={(event) => setTitle(event.target.value)}
          />
          {fieldError('title', t('analyticsProgram.goals.titleInvalid'))}
        </div>
        <div className="field">
          <label htmlFor={`${id}-owner`}>{t('analyticsProgram.goals.owner')}</label>
          <input
            id={`${id}-owner`}
            type="text"
            value={owner}
            {...invalid('owner')}
            onChange={(event) => setOwner(event.target.value)}
          />
          {fieldError('owner', t('analyticsProgram.goals.ownerInvalid'))}
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>{t('analyticsProgram.goals.dueOn')}</label>
          <input
            id={`${id}-due`}
            type="date"
            value={dueOn}
            {...invalid('dueOn')}
            onChange={(event) => setDueOn(event.target.value)}
          />
          {fieldError('dueOn', t('analyticsProgram.goals.dueOnInvalid'))}
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('analyticsProgram.goals.status')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) => setStatus(event.target.value as GoalStatus)}
          >
            {GOAL_STATUSES.map((key) => (
              <option key={key} value={key}>
                {t(`analyticsProgram.statuses.${key}`)}
              </option>
            ))}
          </select>
        </div>
        <KpiFields
          metrics={metrics}
          draft={kpi}
          onChange={setKpi}
          problem={problem === 'target'}
          optional
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('analyticsProgram.goals.description')}</label>
        <textarea
          id={`${id}-description`}
          rows={2}
          maxLength={2000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <p className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          {t('analyticsProgram.goals.create')}
        </button>
      </p>
      <ErrorAlert error={error} />
    </form>
  );
}

function AddKpiForm({
  goal,
  metrics,
  onSaved,
}: {
  goal: Goal;
  metrics: KpiMetric[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<KpiDraft>(() => ({
    ...emptyKpi(),
    metric: metrics[0]?.metric ?? '',
  }));
  const [problem, setProblem] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = kpiOfDraft(draft, metrics);
    setProblem(input === 'bad' || input === null);
    if (input === 'bad' || input === null) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await updateGoal(goal.id, { kpis: [...goal.kpis.map(kpiInputOf), input] });
      setDraft((current) => ({ ...current, target: '' }));
      announce(t('analyticsProgram.goals.kpiAdded', { title: goal.title }));
      onSaved();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="filter-bar"
      aria-label={t('analyticsProgram.goals.kpiForm', { title: goal.title })}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <KpiFields
        metrics={metrics}
        draft={draft}
        onChange={setDraft}
        problem={problem}
        optional={false}
      />
      <button type="submit" className="button" disabled={busy} aria-busy={busy}>
        {t('analyticsProgram.goals.addKpi')}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}

function KpiRow({ kpi }: { kpi: Kpi }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const value = (reading: number | null) => formatUnit(af, kpi.unit, reading);
  const scope = [kpi.region, kpi.segment].filter(Boolean).join(' · ');
  return (
    <tr>
      <th scope="row">
        {kpi.label}
        {scope ? <span className="small muted"> ({scope})</span> : null}
      </th>
      <td className="number">{value(kpi.current.value)}</td>
      <td className="number">
        {t(`analyticsProgram.directions.${kpi.direction}`)} {value(kpi.target)}
      </td>
      <td>
        <span className={`badge status ${kpi.current.met ? 'status-good' : 'status-bad'}`}>
          {kpi.current.met ? t('analyticsProgram.met') : t('analyticsProgram.notMet')}
        </span>
      </td>
      <td>
        <ol
          className="kpi-trend"
          aria-label={t('analyticsProgram.goals.trendOf', { kpi: kpi.label })}
        >
          {kpi.trend.map((reading) => (
            <li key={reading.month} className={reading.met ? 'trend-met' : undefined}>
              <span className="small muted">{af.month(reading.month)}</span> {value(reading.value)}
            </li>
          ))}
        </ol>
        <span className="small">
          {t('analyticsProgram.goals.change', { change: formatChange(af, kpi.unit, kpi.change) })}
        </span>
      </td>
    </tr>
  );
}

function GoalCard({
  goal,
  metrics,
  onChange,
}: {
  goal: Goal;
  metrics: KpiMetric[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const [error, setError] = useState<ApiError | null>(null);

  const changeStatus = async (status: GoalStatus) => {
    setError(null);
    try {
      await updateGoal(goal.id, { status });
      announce(
        t('analyticsProgram.goals.statusChanged', {
          title: goal.title,
          status: t(`analyticsProgram.statuses.${status}`),
        }),
      );
      onChange();
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  return (
    <article className="card program-goal" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{goal.title}</h3>
      {goal.description ? <p>{goal.description}</p> : null}
      <dl className="figures">
        <div>
          <dt>{t('analyticsProgram.goals.owner')}</dt>
          <dd>{goal.owner ? goal.owner.displayName : af.none}</dd>
        </div>
        <div>
          <dt>{t('analyticsProgram.goals.dueOn')}</dt>
          <dd>{af.date(goal.dueOn)}</dd>
        </div>
        <div>
          <dt>{t('analyticsProgram.goals.kpisMet')}</dt>
          <dd>
            {t('analyticsProgram.goals.kpisMetValue', {
              met: goal.kpisMet,
              count: goal.kpis.length,
            })}
          </dd>
        </div>
      </dl>
      <div className="field inline-field">
        <label htmlFor={`${id}-status`}>
          {t('analyticsProgram.goals.statusOf', { title: goal.title })}
        </label>
        <select
          id={`${id}-status`}
          value={goal.status}
          onChange={(event) => void changeStatus(event.target.value as GoalStatus)}
        >
          {GOAL_STATUSES.map((key) => (
            <option key={key} value={key}>
              {t(`analyticsProgram.statuses.${key}`)}
            </option>
          ))}
        </select>
      </div>
      {goal.kpis.length === 0 ? (
        <p className="muted">{t('analyticsProgram.goals.noKpis')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('analyticsProgram.goals.kpisOf', { title: goal.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analyticsProgram.goals.kpi')}</th>
                <th scope="col" className="number">
                  {t('analyticsProgram.goals.current')}
                </th>
                <th scope="col" className="number">
                  {t('analyticsProgram.goals.targetPlain')}
                </th>
                <th scope="col">{t('analyticsProgram.goals.metOrNot')}</th>
                <th scope="col">{t('analyticsProgram.goals.trend')}</th>
              </tr>
            </thead>
            <tbody>
              {goal.kpis.map((kpi) => (
                <KpiRow key={kpi.id} kpi={kpi} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {goal.kpis.length < 10 ? (
        <AddKpiForm goal={goal} metrics={metrics} onSaved={onChange} />
      ) : null}
      <p className="actions">
        <ConfirmButton
          label={t('analyticsProgram.goals.delete', { title: goal.title })}
          question={t('analyticsProgram.goals.deleteQuestion')}
          confirmLabel={t('analyticsProgram.goals.deleteConfirm')}
          danger
          small
          run={async () => {
            await deleteGoal(goal.id);
            announce(t('analyticsProgram.goals.deleted', { title: goal.title }));
            onChange();
          }}
        />
      </p>
      <ErrorAlert error={error} />
    </article>
  );
}

export function GoalsSection() {
  const { t } = useTranslation();
  const id = useId();
  const goals = useGoals();
  const metrics = useKpiMetrics();
  const list = metrics.data?.items ?? [];

  return (
    <section className="page-section" aria-labelledby={`${id}-goals`}>
      <h2 id={`${id}-goals`}>{t('analyticsProgram.goals.heading')}</h2>
      <p className="muted">{t('analyticsProgram.goals.intro')}</p>
      {metrics.data ? <GoalForm metrics={list} onCreated={goals.reload} /> : null}
      <DataState resource={goals}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">{t('analyticsProgram.goals.none')}</p>
          ) : (
            <div className="program-goals">
              {page.items.map((goal) => (
                <GoalCard key={goal.id} goal={goal} metrics={list} onChange={goals.reload} />
              ))}
            </div>
          )
        }
      </DataState>
    </section>
  );
}
