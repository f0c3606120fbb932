import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AuditEntry,
  type AuditFilter,
  auditExportUrl,
  NO_FILTER,
  useAuditLog,
} from '../../api/audit';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { ChainVerifier } from '../../components/compliance/ChainVerifier';
import { ComplianceNav } from '../../components/compliance/ComplianceNav';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

type FilterForm = AuditFilter;

/** A datetime-local value (the browser's time zone) as an ISO time; '' stays ''. */
function isoOf(local: string): string {
  return local ? new Date(local).toISOString() : '';
}

function EntryRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const format = useFormat();
  const target = [entry.targetType, entry.targetId].filter(Boolean).join(' ');
  return (
    <tr>
      <td className="mono">{entry.seq}</td>
      <td>{format.dateTime(entry.at)}</td>
      <th scope="row" className="mono">
        {entry.action}
      </th>
      <td className="mono small">{entry.actorId ?? t('auditLog.system')}</td>
      <td className="mono small">{target || '—'}</td>
      <td>
        <details>
          <summary>{t('auditLog.showDetails')}</summary>
          <pre className="mono small review-text">{JSON.stringify(entry.details, null, 2)}</pre>
          <p className="small">
            {entry.blanked
              ? t('auditLog.blanked')
              : t('auditLog.origin', { ip: entry.ip ?? '—', agent: entry.userAgent ?? '—' })}
          </p>
          <p className="small mono">{t('auditLog.hash', { hash: entry.hash })}</p>
        </details>
      </td>
    </tr>
  );
}

/**
 * The audit log (admins): entries newest first, filtered by action (or a prefix ending in a
 * dot), actor, target and time, with "Load more"; the same filter as CSV or NDJSON; and the
 * verification of the hash chain. docs/AUDIT.md.
 */
export function AuditLogPage() {
  const { t } = useTranslation();
  const id = useId();
  const [form, setForm] = useState<FilterForm>(NO_FILTER);
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const log = useAuditLog(filter);
  const set = (key: keyof FilterForm, value: string) =>
    setForm((current) => ({ ...current, [key]: value }));
  const field = (
    key: keyof FilterForm,
    label: string,
    type: 'text' | 'datetime-local' = 'text',
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type={type}
        value={form[key]}
        onChange={(event) => set(key, event.target.value)}
      />
    </div>
  );

  return (
    <>
      <PageTitle title={t('auditLog.title')} />
      <div className="page-head">
        <h1>{t('auditLog.title')}</h1>
        <ComplianceNav />
        <p className="lead">{t('auditLog.intro')}</p>
      </div>
      <ChainVerifier />
      <section className="page-section" aria-labelledby={`${id}-entries`}>
        <h2 id={`${id}-entries`}>{t('auditLog.entries')}</h2>
        <form
          className="filter-bar"
          role="search"
          aria-label={t('auditLog.filters')}
          onSubmit={(event) => {
            event.preventDefault();
            setFilter({
              action: form.action.trim(),
              actorId: form.actorId.trim(),
              targetType: form.targetType.trim(),
              targetId: form.targetId.trim(),
              since: isoOf(form.since),
              until: isoOf(form.until),
            });
          }}
        >
          {field('action', t('auditLog.action'))}
          {field('actorId', t('auditLog.actor'))}
          {field('targetType', t('auditLog.targetType'))}
          {field('targetId', t('auditLog.targetId'))}
          {field('since', t('auditLog.since'), 'datetime-local')}
          {field('until', t('auditLog.until'), 'datetime-local')}
          <button type="submit" className="button primary">
            {t('auditLog.apply')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setForm(NO_FILTER);
              setFilter(NO_FILTER);
            }}
          >
            {t('auditLog.clear')}
          </button>
        </form>
        <p className="hint">{t('auditLog.actionHint')}</p>
        <p className="actions">
          <a className="button" href={auditExportUrl(filter, 'csv')} download>
            {t('auditLog.exportCsv')}
          </a>
          <a className="button" href={auditExportUrl(filter, 'ndjson')} download>
            {t('auditLog.exportNdjson')}
          </a>
        </p>
        {log.loading ? <Loading /> : null}
        <AmbassadorError error={log.error} onRetry={log.reload} />
        {!log.loading && log.items.length === 0 && !log.error ? (
          <p className="muted">{t('auditLog.empty')}</p>
        ) : null}
        {log.items.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('auditLog.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('auditLog.seq')}</th>
                  <th scope="col">{t('auditLog.at')}</th>
                  <th scope="col">{t('auditLog.action')}</th>
                  <th scope="col">{t('auditLog.actor')}</th>
                  <th scope="col">{t('auditLog.target')}</th>
                  <th scope="col">{t('auditLog.details')}</th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((entry) => (
                  <EntryRow key={entry.seq} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <div className="load-more">
          {log.nextCursor !== null ? (
            <button
              type="button"
              className="button"
              disabled={log.loadingMore}
              aria-busy={log.loadingMore}
              onClick={log.loadMore}
            >
              {t('actions.loadMore')}
            </button>
          ) : null}
        </div>
      </section>
    </>
  );
}
