import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { seg } from '../api/client';
import { customerName, linkCustomer, unlinkCustomer, useCustomer } from '../api/customers';
import type { CustomerDetail, CustomerLink, LinkRule } from '../api/types';
import { announce } from '../components/announcer';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { RelativeTime } from '../components/RelativeTime';
import { useFormat } from '../i18n/useFormat';

const RULE_KEYS = {
  verified_email: 'customer.rules.verified_email',
  loyalty_id: 'customer.rules.loyalty_id',
  explicit: 'customer.rules.explicit',
} as const satisfies Record<LinkRule, string>;

/**
 * One customer record joined with what Guild knows about it: the members linked to it (and by
 * which rule), orders, loyalty accounts and social mentions. Admins link and unlink members.
 */
export function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const customer = useCustomer(id);

  if (customer.loading && !customer.data) {
    return <Loading />;
  }
  if (customer.error || !customer.data) {
    return (
      <>
        <BackLink />
        <ErrorAlert error={customer.error} onRetry={customer.reload} />
      </>
    );
  }
  const data = customer.data;
  const name = customerName(data);

  return (
    <>
      <PageTitle title={name} />
      <BackLink />
      <div className="page-head">
        <h1>{name}</h1>
        <CustomerFacts customer={data} />
      </div>
      <section aria-labelledby="customer-links-heading" className="page-section">
        <h2 id="customer-links-heading">{t('customer.links')}</h2>
        {data.links.length === 0 ? <p>{t('customer.noLinks')}</p> : null}
        <ul className="plain-list" aria-label={t('customer.links')}>
          {data.links.map((link) => (
            <li key={link.id}>
              <LinkItem link={link} onUnlinked={customer.reload} />
            </li>
          ))}
        </ul>
        <LinkForm customerId={data.id} onLinked={customer.reload} />
      </section>
      <OrdersSection customer={data} />
      <LoyaltySection customer={data} />
      <MentionsSection customer={data} />
    </>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <p className="breadcrumb">
      <Link to="/admin/customers">{t('customer.back')}</Link>
    </p>
  );
}

function CustomerFacts({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean | null) =>
    value === null ? t('customer.notRecorded') : value ? t('common.yes') : t('common.no');
  const facts: [string, string][] = [
    [t('customer.externalId'), customer.externalId],
    [t('customer.email'), customer.email ?? t('common.none')],
    [
      t('customer.country'),
      [customer.country, customer.regionCode].filter(Boolean).join(' · ') || t('common.none'),
    ],
    [t('customer.consentEmail'), yesNo(customer.consent.email)],
    [t('customer.consentSms'), yesNo(customer.consent.sms)],
    [t('customer.loyaltyId'), customer.loyaltyId ?? t('common.none')],
    [t('customer.source'), customer.source],
  ];
  return (
    <dl className="details">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div>
        <dt>{t('customer.since')}</dt>
        <dd>
          <RelativeTime value={customer.createdAt} />
        </dd>
      </div>
    </dl>
  );
}

function LinkItem({ link, onUnlinked }: { link: CustomerLink; onUnlinked: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');

  const handleUnlink = async () => {
    await unlinkCustomer(link.id, reason.trim());
    announce(t('customer.unlinked', { name: link.member.displayName }));
    onUnlinked();
  };

  return (
    <article className="card compact" aria-label={link.member.displayName}>
      <p>
        <Link to={`/u/${seg(link.member.username)}`}>{link.member.displayName}</Link>{' '}
        <span className="muted">@{link.member.username}</span>
      </p>
      <p className="meta">
        <span>
          {t('customer.linkedBy')} <strong>{t(RULE_KEYS[link.rule])}</strong>
        </span>
        <span>
          {t('customer.linkedAt')} <RelativeTime value={link.linkedAt} />
        </span>
      </p>
      <div className="actions">
        <ConfirmButton
          label={t('customer.unlink', { name: link.member.displayName })}
          question={t('customer.unlinkQuestion', { name: link.member.displayName })}
          confirmLabel={t('customer.confirmUnlink')}
          run={handleUnlink}
          confirmDisabled={reason.trim() === ''}
          danger
          small
        >
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('customer.reason')}</label>
            <input
              id={`${id}-reason`}
              type="text"
              required
              maxLength={500}
              aria-describedby={`${id}-reason-hint`}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <p id={`${id}-reason-hint`} className="hint">
              {t('customer.reasonHint')}
            </p>
          </div>
        </ConfirmButton>
      </div>
    </article>
  );
}

function LinkForm({ customerId, onLinked }: { customerId: string; onLinked: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [username, setUsername] = useState('');
  const name = username.trim().replace(/^@/, '');

  const handleLink = async () => {
    await linkCustomer(customerId, name);
    announce(t('customer.linked', { username: name }));
    setUsername('');
    onLinked();
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="edit-box">
      <h3 id={`${id}-heading`}>{t('customer.linkTitle')}</h3>
      <div className="field">
        <label htmlFor={`${id}-username`}>{t('customer.username')}</label>
        <input
          id={`${id}-username`}
          type="text"
          autoCapitalize="none"
          spellCheck={false}
          aria-describedby={`${id}-username-hint`}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <p id={`${id}-username-hint`} className="hint">
          {t('customer.usernameHint')}
        </p>
      </div>
      <div className="actions">
        <ConfirmButton
          label={t('customer.link')}
          question={t('customer.linkQuestion', { username: name })}
          confirmLabel={t('customer.confirmLink')}
          run={handleLink}
          disabled={name === ''}
        />
      </div>
    </section>
  );
}

function OrdersSection({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { orders } = customer;
  return (
    <section aria-labelledby="customer-orders-heading" className="page-section">
      <h2 id="customer-orders-heading">{t('customer.orders')}</h2>
      <dl className="figures">
        <div>
          <dt>{t('customer.orderCount')}</dt>
          <dd>{format.number(orders.count)}</dd>
        </div>
        <div>
          <dt>{t('customer.netRevenue')}</dt>
          <dd>{format.decimalMoney(orders.netRevenue, orders.currency)}</dd>
        </div>
        <div>
          <dt>{t('customer.lastOrder')}</dt>
          <dd>
            {orders.lastOrderAt ? <RelativeTime value={orders.lastOrderAt} /> : t('common.none')}
          </dd>
        </div>
      </dl>
      {orders.recent.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>{t('customer.recentOrders')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('customer.order')}</th>
                <th scope="col">{t('customer.orderKind')}</th>
                <th scope="col">{t('customer.placed')}</th>
                <th scope="col" className="number">
                  {t('customer.lines')}
                </th>
                <th scope="col" className="number">
                  {t('customer.net')}
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.recent.map((order) => (
                <tr key={order.id}>
                  <th scope="row" className="mono">
                    {order.externalId}
                  </th>
                  <td>{t(`customer.orderKinds.${order.kind}`)}</td>
                  <td>
                    <RelativeTime value={order.placedAt} />
                  </td>
                  <td className="number">{format.number(order.lineCount)}</td>
                  <td className="number">{format.decimalMoney(order.net, orders.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('customer.noOrders')}</p>
      )}
    </section>
  );
}

function LoyaltySection({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="customer-loyalty-heading" className="page-section">
      <h2 id="customer-loyalty-heading">{t('customer.loyalty')}</h2>
      {customer.loyalty.length === 0 ? <p>{t('customer.noLoyalty')}</p> : null}
      {customer.loyalty.map((account) => (
        <article
          key={account.externalId}
          className="card compact"
          aria-label={t('customer.loyaltyAccount', { id: account.externalId })}
        >
          <h3>{t('customer.loyaltyAccount', { id: account.externalId })}</h3>
          <p className="meta">
            <span>
              {t('customer.tier')} {account.tierCode ?? t('common.none')}
            </span>
            <span>
              {t('customer.points', {
                count: account.pointsBalance,
                formatted: format.number(account.pointsBalance),
              })}
            </span>
          </p>
          {account.recentEvents.length > 0 ? (
            <ul className="compact-list" aria-label={t('customer.loyaltyEvents')}>
              {account.recentEvents.map((event, index) => (
                <li key={`${event.occurredAt}-${index}`}>
                  <span className="mono">
                    {event.points > 0 ? '+' : ''}
                    {format.number(event.points)}
                  </span>{' '}
                  {event.kind}
                  {event.reason ? ` · ${event.reason}` : ''} ·{' '}
                  <RelativeTime value={event.occurredAt} />
                </li>
              ))}
            </ul>
          ) : null}
        </article>
      ))}
    </section>
  );
}

function MentionsSection({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { mentions } = customer;
  return (
    <section aria-labelledby="customer-mentions-heading" className="page-section">
      <h2 id="customer-mentions-heading">{t('customer.mentions')}</h2>
      <p className="meta">
        {t('customer.mentionCount', {
          count: mentions.count,
          formatted: format.number(mentions.count),
        })}
      </p>
      {mentions.recent.length === 0 ? <p>{t('customer.noMentions')}</p> : null}
      <ol className="plain-list" aria-label={t('customer.mentions')}>
        {mentions.recent.map((mention, index) => {
          const author = mention.authorHandle
            ? `@${mention.authorHandle.replace(/^@/, '')}`
            : t('customer.unknownAuthor');
          return (
            <li key={`${mention.platform}-${mention.postedAt}-${index}`}>
              <article
                className="card compact"
                aria-label={t('customer.mentionBy', { handle: author, platform: mention.platform })}
              >
                <p className="meta">
                  <strong>{author}</strong>
                  <span>{mention.platform}</span>
                  <RelativeTime value={mention.postedAt} />
                  {mention.reach !== null ? (
                    <span>{t('customer.reach', { reach: format.number(mention.reach) })}</span>
                  ) : null}
                  {mention.sentiment !== null ? (
                    <span>{t('customer.sentiment', { sentiment: mention.sentiment })}</span>
                  ) : null}
                </p>
                <p className="bio">{mention.body}</p>
              </article>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
