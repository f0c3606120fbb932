/**
 * Program costs of the period: the total and the costs by category (a chart with its table),
 * the form that enters a cost, and the entries with "Remove" (an entry is never edited: a
 * wrong one is removed and entered again; docs/ROI.md).
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addProgramCost,
  type AnalyticsFilter,
  COST_CATEGORIES,
  type CostCategory,
  type CostPage,
  exportUrl,
  isMonth,
  minorUnits,
  removeProgramCost,
} from '../../api/analytics';
import type { ApiError } from '../../api/client';
import { type Resource, toApiError } from '../../api/useResource';
import { currencyDigits } from '../../i18n/format';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { ConfirmButton } from '../ConfirmButton';
import { ErrorAlert } from '../ErrorAlert';
import { CsvDownload } from './CsvDownload';
import { DataState } from './DataState';
import { useAnalyticsFormat } from './useAnalyticsFormat';

interface CostsSectionProps {
  filter: AnalyticsFilter;
  costs: Resource<CostPage>;
  /** Called after a cost was added or removed (the ROI depends on it). */
  onChange: () => void;
}

function CostForm({
  filter,
  currency,
  onAdded,
}: {
  filter: AnalyticsFilter;
  currency: string;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [month, setMonth] = useState(filter.to);
  const [category, setCategory] = useState<CostCategory>('platform');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<'month' | 'amount' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const amountMinor = minorUnits(amount, currency);
    const found = !isMonth(month) ? 'month' : amountMinor === null ? 'amount' : null;
    setProblem(found);
    if (found || amountMinor === null) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const cost = await addProgramCost({ month, category, amountMinor, note: note.trim() });
      setAmount('');
      setNote('');
      announce(
        t('analytics.costs.added', {
          amount: format.money(cost.amountMinor, cost.currency),
          category: t(`analytics.categories.${cost.category}`),
        }),
      );
      onAdded();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="filter-bar"
      aria-label={t('analytics.costs.form')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <div className="field">
        <label htmlFor={`${id}-month`}>{t('analytics.costs.month')}</label>
        <input
          id={`${id}-month`}
          type="month"
          placeholder="YYYY-MM"
          value={month}
          aria-invalid={problem === 'month' || undefined}
          aria-describedby={problem === 'month' ? `${id}-month-error` : undefined}
          onChange={(event) => setMonth(event.target.value)}
        />
        {problem === 'month' ? (
          <p id={`${id}-month-error`} className="field-error">
            {t('analytics.filter.problems.fromInvalid')}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t('analytics.costs.category')}</label>
        <select
          id={`${id}-category`}
          value={category}
          onChange={(event) => setCategory(event.target.value as CostCategory)}
        >
          {COST_CATEGORIES.map((key) => (
            <option key={key} value={key}>
              {t(`analytics.categories.${key}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-amount`}>{t('analytics.costs.amount', { currency })}</label>
        <input
          id={`${id}-amount`}
          type="text"
          inputMode="decimal"
          value={amount}
          aria-invalid={problem === 'amount' || undefined}
          aria-describedby={problem === 'amount' ? `${id}-amount-error` : undefined}
          onChange={(event) => setAmount(event.target.value)}
        />
        {problem === 'amount' ? (
          <p id={`${id}-amount-error`} className="field-error">
            {t('analytics.costs.amountInvalid')}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('analytics.costs.note')}</label>
        <input
          id={`${id}-note`}
          type="text"
          maxLength={500}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
        {t('analytics.costs.add')}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}

export function CostsSection({ filter, costs, onChange }: CostsSectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const af = useAnalyticsFormat();
  const id = useId();
  const suffix = `${filter.from}-${filter.to}`;

  return (
    <section className="page-section" aria-labelledby={`${id}-costs`}>
      <h2 id={`${id}-costs`}>{t('analytics.costs.title')}</h2>
      <DataState resource={costs}>
        {(data) => {
          const { totals } = data;
          const money = (minor: number) => format.money(minor, totals.currency);
          const categoryHeader = [t('analytics.costs.category'), t('analytics.costs.amountPlain')];
          return (
            <>
              <dl className="figures metrics-figures">
                <div>
                  <dt>{t('analytics.costs.total')}</dt>
                  <dd>{money(totals.totalMinor)}</dd>
                </div>
              </dl>
              {totals.otherCurrencyEntries > 0 ? (
                <p className="notice">
                  {t('analytics.costs.otherCurrency', { count: totals.otherCurrencyEntries })}
                </p>
              ) : null}
              <div className="table-wrap">
                <table>
                  <caption>{t('analytics.costs.byCategory')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{categoryHeader[0]}</th>
                      <th scope="col" className="number">
                        {categoryHeader[1]}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {COST_CATEGORIES.map((key) => (
                      <tr key={key}>
                        <th scope="row">{t(`analytics.categories.${key}`)}</th>
                        <td className="number">{money(totals.byCategoryMinor[key])}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="actions">
                <CsvDownload
                  title={t('analytics.costs.byCategory')}
                  filename={`costs-by-category-${suffix}`}
                  csv={() => {
                    const digits = currencyDigits(totals.currency);
                    return {
                      header: [...categoryHeader, t('analytics.roi.currency')],
                      rows: COST_CATEGORIES.map((key) => [
                        t(`analytics.categories.${key}`),
                        (totals.byCategoryMinor[key] / 10 ** digits).toFixed(digits),
                        totals.currency,
                      ]),
                    };
                  }}
                />
              </p>
              <CostForm filter={filter} currency={totals.currency} onAdded={onChange} />
              <h3>{t('analytics.costs.entries')}</h3>
              {data.items.length === 0 ? (
                <p className="muted">{t('analytics.costs.none')}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">{t('analytics.costs.entries')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('analytics.costs.month')}</th>
                        <th scope="col">{t('analytics.costs.category')}</th>
                        <th scope="col" className="number">
                          {t('analytics.costs.amountPlain')}
                        </th>
                        <th scope="col">{t('analytics.costs.note')}</th>
                        <th scope="col">{t('analytics.costs.actions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((cost) => (
                        <tr key={cost.id}>
                          <th scope="row">{af.month(cost.month)}</th>
                          <td>{t(`analytics.categories.${cost.category}`)}</td>
                          <td className="number">
                            {format.money(cost.amountMinor, cost.currency)}
                          </td>
                          <td>{cost.note || '—'}</td>
                          <td>
                            <ConfirmButton
                              label={t('analytics.costs.remove', {
                                category: t(`analytics.categories.${cost.category}`),
                                month: af.month(cost.month),
                              })}
                              question={t('analytics.costs.removeQuestion')}
                              confirmLabel={t('analytics.costs.removeConfirm')}
                              danger
                              small
                              run={async () => {
                                await removeProgramCost(cost.id);
                                announce(t('analytics.costs.removed'));
                                onChange();
                              }}
                            />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {data.nextCursor ? <p className="small muted">{t('analytics.costs.more')}</p> : null}
              <p className="actions">
                <CsvDownload
                  title={t('analytics.costs.entries')}
                  filename={`costs-${suffix}`}
                  href={exportUrl('costs', filter)}
                />
              </p>
            </>
          );
        }}
      </DataState>
    </section>
  );
}
