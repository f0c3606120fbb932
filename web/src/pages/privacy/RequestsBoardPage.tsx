import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BoardFilters,
  type PrivacyRequest,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  type RequestKind,
  type RequestStatus,
  useRequestBoard,
} from '../../api/privacyRequests';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { ComplianceNav } from '../../components/compliance/ComplianceNav';
import { Loading } from '../../components/Loading';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { RequestBoardCard } from '../../components/privacy/RequestBoardCard';

/**
 * The data-subject requests board (admins): every request, soonest due first, with its regime,
 * clock, days left and overdue marks; filters by status, kind and overdue; the moves the API
 * offers on each. docs/PRIVACY.md, "Data-subject requests and exports".
 */
export function RequestsBoardPage() {
  const { t } = useTranslation();
  const id = useId();
  const [filters, setFilters] = useState<BoardFilters>({ status: '', kind: '', overdue: '' });
  const board = useRequestBoard(filters, 0);
  const set = <K extends keyof BoardFilters>(key: K, value: BoardFilters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));
  const handleChanged = (changed: PrivacyRequest) =>
    board.setItems((items) => items.map((item) => (item.id === changed.id ? changed : item)));

  return (
    <>
      <PageTitle title={t('requestsBoard.title')} />
      <div className="page-head">
        <h1>{t('requestsBoard.title')}</h1>
        <ComplianceNav />
        <p className="lead">{t('requestsBoard.intro')}</p>
      </div>
      <form
        className="filter-bar"
        aria-label={t('requestsBoard.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('requestsBoard.status')}</label>
          <select
            id={`${id}-status`}
            value={filters.status}
            onChange={(event) => set('status', event.target.value as RequestStatus | '')}
          >
            <option value="">{t('requestsBoard.any')}</option>
            {REQUEST_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`privacyCentre.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('requestsBoard.kind')}</label>
          <select
            id={`${id}-kind`}
            value={filters.kind}
            onChange={(event) => set('kind', event.target.value as RequestKind | '')}
          >
            <option value="">{t('requestsBoard.any')}</option>
            {REQUEST_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`privacyCentre.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-overdue`}>{t('requestsBoard.overdueFilter')}</label>
          <select
            id={`${id}-overdue`}
            value={filters.overdue}
            onChange={(event) => set('overdue', event.target.value as BoardFilters['overdue'])}
          >
            <option value="">{t('requestsBoard.any')}</option>
            <option value="true">{t('requestsBoard.onlyOverdue')}</option>
            <option value="false">{t('requestsBoard.notOverdue')}</option>
          </select>
        </div>
        <button type="button" className="button" onClick={board.reload}>
          {t('requestsBoard.refresh')}
        </button>
      </form>
      {board.loading ? <Loading /> : null}
      <AmbassadorError error={board.error} onRetry={board.reload} />
      {!board.loading && board.items.length === 0 ? (
        <p className="muted">{t('requestsBoard.empty')}</p>
      ) : null}
      <div className="stack">
        {board.items.map((request) => (
          <RequestBoardCard key={request.id} request={request} onChanged={handleChanged} />
        ))}
      </div>
      <LoadMore paged={board} />
    </>
  );
}
