import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  type ClauseId,
  clauseHeadings,
  type Contract,
  signContract,
  useMyContract,
  useMyContracts,
} from '../../api/contracts';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { useAction } from '../../components/ambassadors/useAction';
import { announce } from '../../components/announcer';
import { CONTRACT_TONES } from '../../components/compliance/ContractCard';
import { ContractText } from '../../components/compliance/ContractText';
import { Loading } from '../../components/Loading';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/useFormat';

const DAY = 86_400_000;

/** A clause heading of the contract, with the standard clause's name when it differs. */
function ClauseLine({ clause, title }: { clause: ClauseId; title: string }) {
  const { t } = useTranslation();
  const standard = t(`contracts.clauses.${clause}`);
  return standard.toLowerCase() === title.toLowerCase() ? (
    <>{title}</>
  ) : (
    <>
      {title} <span className="muted">({standard})</span>
    </>
  );
}

/** The full text, its clauses and, for an offer, the click-through signature. */
function ContractBody({ contract, onSigned }: { contract: Contract; onSigned: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const full = useMyContract(contract.id);
  const action = useAction();
  const [agreed, setAgreed] = useState(false);
  const text = full.data;
  const clauses = text ? clauseHeadings(text.body) : [];

  const handleSign = () =>
    void action.run(async () => {
      const signed = await signContract(contract.id);
      announce(t('contracts.mine.signedMessage', { title: signed.title }));
      onSigned();
    });

  return (
    <>
      {full.loading ? <Loading /> : null}
      <AmbassadorError error={full.error} onRetry={full.reload} />
      {text ? (
        <>
          {clauses.length > 0 ? (
            <>
              <h3 id={`${id}-summary`}>{t('contracts.mine.summary')}</h3>
              <ul className="compact-list" aria-labelledby={`${id}-summary`}>
                {clauses.map((clause) => (
                  <li key={clause.clause}>
                    <ClauseLine clause={clause.clause} title={clause.title} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <ContractText body={text.body} label={t('contracts.mine.text', { title: text.title })} />
          <p className="muted small mono">
            {t('contracts.mine.hash', { hash: text.sha256.slice(0, 16) })}
          </p>
        </>
      ) : null}
      {text && contract.status === 'offered' ? (
        <div className="stack">
          <label className="checkbox-field">
            <input
              type="checkbox"
              checked={agreed}
              onChange={(event) => setAgreed(event.target.checked)}
            />
            {t('contracts.mine.agree')}
          </label>
          <div className="actions">
            <button
              type="button"
              className="button primary"
              disabled={!agreed || action.pending}
              aria-busy={action.pending}
              onClick={handleSign}
            >
              {t('contracts.mine.sign')}
            </button>
          </div>
          <p className="hint">{t('contracts.mine.signHint')}</p>
          <AmbassadorError error={action.error} />
        </div>
      ) : null}
    </>
  );
}

function MyContractCard({ contract, onSigned }: { contract: Contract; onSigned: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [open, setOpen] = useState(contract.status === 'offered');
  const daysLeft = Math.ceil((Date.parse(contract.endsAt) - Date.now()) / DAY);
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <div className="head-row">
        <h2 id={`${id}-title`}>{contract.title}</h2>
        <StatusBadge
          tone={CONTRACT_TONES[contract.status]}
          text={t(`contracts.status.${contract.status}`)}
        />
      </div>
      <p className="meta">
        <span>
          {t('contracts.list.termValue', {
            start: format.date(contract.startsAt),
            end: format.date(contract.endsAt),
          })}
        </span>
        {contract.status === 'signed' && daysLeft > 0 ? (
          <span>{t('contracts.mine.expiresIn', { count: daysLeft })}</span>
        ) : null}
      </p>
      {contract.signedAt ? (
        <p>
          {t('contracts.mine.signedOn', {
            version: contract.signedVersion ?? contract.version,
            date: format.dateTime(contract.signedAt),
          })}
        </p>
      ) : null}
      {contract.endedAt ? (
        <p>
          {t('contracts.list.endedValue', {
            date: format.dateTime(contract.endedAt),
            reason: contract.endReason ?? '—',
          })}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          {open ? t('contracts.mine.hide') : t('contracts.mine.read')}
        </button>
      </div>
      {open ? <ContractBody contract={contract} onSigned={onSigned} /> : null}
    </article>
  );
}

/**
 * The ambassador's contracts: each offer with its full text and the clauses it holds, signed
 * with a click once read; signed ones with the version, the time and when they end.
 */
export function MyContractsPage() {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const contracts = useMyContracts(version);
  const handleSigned = useCallback(() => setVersion((value) => value + 1), []);
  return (
    <>
      <PageTitle title={t('contracts.mine.title')} />
      <p className="breadcrumb">
        <Link to="/ambassador">{t('contracts.mine.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('contracts.mine.title')}</h1>
        <p className="lead">{t('contracts.mine.intro')}</p>
      </div>
      {contracts.loading ? <Loading /> : null}
      <AmbassadorError error={contracts.error} onRetry={contracts.reload} />
      {!contracts.loading && contracts.items.length === 0 ? (
        <p className="muted">{t('contracts.mine.empty')}</p>
      ) : null}
      <div className="stack">
        {contracts.items.map((contract) => (
          <MyContractCard key={contract.id} contract={contract} onSigned={handleSigned} />
        ))}
      </div>
      <LoadMore paged={contracts} />
    </>
  );
}
