import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type ApiError, seg } from '../api/client';
import { customerName, matchMembers, useCustomers } from '../api/customers';
import type { CustomerSummary } from '../api/types';
import { toApiError } from '../api/useResource';
import { announce } from '../components/announcer';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { LoadMore } from '../components/LoadMore';
import { PageTitle } from '../components/PageTitle';
import { useFormat } from '../i18n/useFormat';

/** The retailer's customer records, searched by e-mail, customer number or name (admins). */
export function CustomersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  const customers = useCustomers(query);
  const count = customers.items.length;
  const searched = query.trim() !== '' && !customers.loading && !customers.error;
  const [matching, setMatching] = useState(false);
  const [matchError, setMatchError] = useState<ApiError | null>(null);

  useEffect(() => setText(query), [query]);

  useEffect(() => {
    if (searched) {
      announce(t('customers.found', { count, formatted: format.number(count) }));
    }
  }, [searched, count, format, t]);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };

  const handleMatch = async () => {
    setMatching(true);
    setMatchError(null);
    try {
      const made = await matchMembers();
      announce(t('customers.matched', { count: made, formatted: format.number(made) }));
      customers.reload();
    } catch (caught) {
      setMatchError(toApiError(caught));
    } finally {
      setMatching(false);
    }
  };

  const heading = query ? t('customers.resultsFor', { query }) : t('customers.all');

  return (
    <>
      <PageTitle title={t('customers.title')} />
      <div className="page-head">
        <h1>{t('customers.title')}</h1>
        <p className="muted" id="customers-match-hint">
          {t('customers.matchHint')}
        </p>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={matching}
            aria-busy={matching}
            aria-describedby="customers-match-hint"
            onClick={() => void handleMatch()}
          >
            {t('customers.match')}
          </button>
        </div>
        <ErrorAlert error={matchError} />
      </div>
      <form role="search" className="search-form" onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor="customer-q">{t('customers.search')}</label>
          <input
            id="customer-q"
            type="search"
            aria-describedby="customer-q-hint"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <p id="customer-q-hint" className="hint">
            {t('customers.searchHint')}
          </p>
        </div>
        <button type="submit" className="button primary">
          {t('search.submit')}
        </button>
      </form>
      <section aria-labelledby="customers-heading">
        <h2 id="customers-heading">{heading}</h2>
        {customers.loading ? <Loading /> : null}
        {count === 0 ? <ErrorAlert error={customers.error} onRetry={customers.reload} /> : null}
        {!customers.loading && !customers.error && count === 0 ? (
          <p>{query ? t('customers.none') : t('customers.empty')}</p>
        ) : null}
        <ol className="plain-list" aria-label={heading}>
          {customers.items.map((customer) => (
            <li key={customer.id}>
              <CustomerCard customer={customer} />
            </li>
          ))}
        </ol>
        <LoadMore paged={customers} />
      </section>
    </>
  );
}

function CustomerCard({ customer }: { customer: CustomerSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const name = customerName(customer);
  return (
    <article className="card compact" aria-label={name}>
      <h3>
        <Link to={`/admin/customers/${seg(customer.id)}`}>{name}</Link>
      </h3>
      <p className="meta">
        {customer.email && customer.email !== name ? <span>{customer.email}</span> : null}
        <span>{t('customers.externalId', { id: customer.externalId })}</span>
        {customer.country ? <span>{customer.country}</span> : null}
        <span>
          {t('customers.orders', {
            count: customer.orderCount,
            formatted: format.number(customer.orderCount),
          })}
        </span>
      </p>
      <p className="small">
        {customer.linkedMember ? (
          <>
            {t('customers.memberLabel')}{' '}
            <Link to={`/u/${seg(customer.linkedMember.username)}`}>
              {customer.linkedMember.displayName}
            </Link>{' '}
            <span className="muted">@{customer.linkedMember.username}</span>
          </>
        ) : (
          <span className="muted">{t('customers.notLinked')}</span>
        )}
      </p>
    </article>
  );
}
