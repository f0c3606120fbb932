/**
 * The dashboards' filter: the period as two months, a region and a segment (the tenant's, from
 * /analytics/scopes). "Apply" writes them into the page's query, so a view can be shared by its
 * address; a period the API would refuse is named below its field instead.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnalyticsFilter, periodProblem, useScopes } from '../../api/analytics';
import { useSession } from '../../api/session';

interface FilterBarProps {
  filter: AnalyticsFilter;
  onApply: (filter: AnalyticsFilter) => void;
}

export function FilterBar({ filter, onApply }: FilterBarProps) {
  const { t } = useTranslation();
  const session = useSession();
  const scopes = useScopes();
  const regions = scopes.data?.regions ?? session.regions;
  const segments = scopes.data?.segments ?? [];
  const id = useId();
  const [form, setForm] = useState(filter);
  const [problem, setProblem] = useState<ReturnType<typeof periodProblem>>(null);

  // The address changed (back, a shared link): show what it holds.
  useEffect(() => {
    setForm(filter);
    setProblem(null);
  }, [filter]);

  const set = (key: keyof AnalyticsFilter, value: string) =>
    setForm((current) => ({ ...current, [key]: value }));

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = {
      from: form.from.trim(),
      to: form.to.trim(),
      region: form.region,
      segment: form.segment.trim(),
    };
    const found = periodProblem(next.from, next.to);
    setProblem(found);
    if (!found) {
      onApply(next);
    }
  };

  const fromBad = problem === 'fromInvalid' || problem === 'reversed';
  const toBad = problem === 'toInvalid' || problem === 'tooLong';
  const knownRegion = form.region === '' || regions.some((region) => region.code === form.region);
  const knownSegment =
    form.segment === '' || segments.some((segment) => segment.key === form.segment);

  return (
    <form
      className="filter-bar analytics-filter"
      aria-label={t('analytics.filter.label')}
      noValidate
      onSubmit={handleSubmit}
    >
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('analytics.filter.from')}</label>
        <input
          id={`${id}-from`}
          type="month"
          placeholder="YYYY-MM"
          value={form.from}
          aria-invalid={fromBad || undefined}
          aria-describedby={fromBad ? `${id}-problem` : undefined}
          onChange={(event) => set('from', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('analytics.filter.to')}</label>
        <input
          id={`${id}-to`}
          type="month"
          placeholder="YYYY-MM"
          value={form.to}
          aria-invalid={toBad || undefined}
          aria-describedby={toBad ? `${id}-problem` : undefined}
          onChange={(event) => set('to', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-region`}>{t('analytics.filter.region')}</label>
        <select
          id={`${id}-region`}
          value={form.region}
          onChange={(event) => set('region', event.target.value)}
        >
          <option value="">{t('analytics.filter.allRegions')}</option>
          {regions.map((region) => (
            <option key={region.code} value={region.code}>
              {region.name} ({region.code})
            </option>
          ))}
          {knownRegion ? null : <option value={form.region}>{form.region}</option>}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-segment`}>{t('analytics.filter.segment')}</label>
        <select
          id={`${id}-segment`}
          value={form.segment}
          onChange={(event) => set('segment', event.target.value)}
        >
          <option value="">{t('analytics.filter.allSegments')}</option>
          {segments.map((segment) => (
            <option key={segment.key} value={segment.key}>
              {segment.name} ({segment.key})
            </option>
          ))}
          {knownSegment ? null : <option value={form.segment}>{form.segment}</option>}
        </select>
      </div>
      <button type="submit" className="button primary">
        {t('analytics.filter.apply')}
      </button>
      {problem ? (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {t(`analytics.filter.problems.${problem}`)}
        </p>
      ) : null}
    </form>
  );
}
