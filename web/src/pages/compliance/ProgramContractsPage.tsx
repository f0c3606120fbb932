import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useProgram } from '../../api/ambassadors';
import {
  CONTRACT_STATUSES,
  type ContractStatus,
  useContractTemplates,
  useProgramContracts,
} from '../../api/contracts';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { AmbassadorNav } from '../../components/ambassadors/AmbassadorNav';
import { ContractCard } from '../../components/compliance/ContractCard';
import { OfferForm } from '../../components/compliance/OfferForm';
import { TemplateCard } from '../../components/compliance/TemplateCard';
import { TemplateEditor } from '../../components/compliance/TemplateEditor';
import { Loading } from '../../components/Loading';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';

/**
 * A program's contracts (managers): its templates with the clause check, publishing and
 * retiring; the form that offers a contract to an ambassador; the contracts with their status,
 * signature and end, and ending one with a reason. docs/CONTRACTS.md.
 */
export function ProgramContractsPage() {
  const { t } = useTranslation();
  const id = useId();
  const { id: programId = '' } = useParams();
  const program = useProgram(programId);
  const [templatesVersion, setTemplatesVersion] = useState(0);
  const [contractsVersion, setContractsVersion] = useState(0);
  const [status, setStatus] = useState<ContractStatus | ''>('');
  const templates = useContractTemplates(programId, templatesVersion);
  const contracts = useProgramContracts(programId, status, contractsVersion);
  const handleTemplates = useCallback(() => setTemplatesVersion((value) => value + 1), []);
  const handleContracts = useCallback(() => setContractsVersion((value) => value + 1), []);
  const name = program.data?.name ?? '';
  const title = t('contracts.page.title', { program: name });

  return (
    <>
      <PageTitle title={title} />
      <p className="breadcrumb">
        <Link to={`/ambassadors/programs/${encodeURIComponent(programId)}`}>
          {t('contracts.page.back', { program: name })}
        </Link>
      </p>
      <div className="page-head">
        <h1>{title}</h1>
        <AmbassadorNav />
      </div>
      <p className="lead">{t('contracts.page.intro')}</p>
      <AmbassadorError error={program.error} onRetry={program.reload} />

      <section className="page-section" aria-labelledby={`${id}-templates`}>
        <h2 id={`${id}-templates`}>{t('contracts.templates.heading')}</h2>
        {templates.loading ? <Loading /> : null}
        <AmbassadorError error={templates.error} onRetry={templates.reload} />
        {!templates.loading && templates.items.length === 0 ? (
          <p className="muted">{t('contracts.templates.empty')}</p>
        ) : null}
        <div className="stack">
          {templates.items.map((template) => (
            <TemplateCard key={template.id} template={template} onChanged={handleTemplates} />
          ))}
        </div>
        <LoadMore paged={templates} />
        <TemplateEditor programId={programId} template={null} onSaved={handleTemplates} />
      </section>

      <section className="page-section" aria-labelledby={`${id}-contracts`}>
        <h2 id={`${id}-contracts`}>{t('contracts.list.heading')}</h2>
        <OfferForm programId={programId} templates={templates.items} onOffered={handleContracts} />
        <div className="filter-bar">
          <div className="field">
            <label htmlFor={`${id}-status`}>{t('contracts.list.status')}</label>
            <select
              id={`${id}-status`}
              value={status}
              onChange={(event) => setStatus(event.target.value as ContractStatus | '')}
            >
              <option value="">{t('contracts.list.anyStatus')}</option>
              {CONTRACT_STATUSES.map((item) => (
                <option key={item} value={item}>
                  {t(`contracts.status.${item}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {contracts.loading ? <Loading /> : null}
        <AmbassadorError error={contracts.error} onRetry={contracts.reload} />
        {!contracts.loading && contracts.items.length === 0 ? (
          <p className="muted">{t('contracts.list.empty')}</p>
        ) : null}
        <div className="stack">
          {contracts.items.map((contract) => (
            <ContractCard key={contract.id} contract={contract} onChanged={handleContracts} />
          ))}
        </div>
        <LoadMore paged={contracts} />
      </section>
    </>
  );
}
