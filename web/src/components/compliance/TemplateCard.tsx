import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  type ClauseProblem,
  type ContractTemplate,
  publishContractTemplate,
  retireContractTemplate,
  type TemplateStatus,
  useContractTemplate,
} from '../../api/contracts';
import { useFormat } from '../../i18n/useFormat';
import { AmbassadorError } from '../ambassadors/AmbassadorError';
import { useAction } from '../ambassadors/useAction';
import { announce } from '../announcer';
import { ConfirmButton } from '../ConfirmButton';
import { Loading } from '../Loading';
import { type StatusTone, StatusBadge } from '../StatusBadge';
import { ClauseCheckResult } from './ClauseCheckResult';
import { TemplateEditor } from './TemplateEditor';

const TONES: Record<TemplateStatus, StatusTone> = {
  draft: 'neutral',
  published: 'good',
  retired: 'warn',
};

/** The problems a refused publication names (`details.missing`), when it names them. */
function refusedProblems(error: ApiError | null): ClauseProblem[] {
  const missing = error?.code === 'contract_template_incomplete' ? error.details?.missing : null;
  return Array.isArray(missing) ? (missing as ClauseProblem[]) : [];
}

/** The saved version's clause check, read when asked for. */
function SavedCheck({ id }: { id: string }) {
  const template = useContractTemplate(id);
  return (
    <>
      {template.loading ? <Loading /> : null}
      <AmbassadorError error={template.error} onRetry={template.reload} />
      {template.data ? <ClauseCheckResult check={template.data.check} /> : null}
    </>
  );
}

/**
 * One contract template: status, version, markets; publish (refused with the failing clauses),
 * retire, write the next version, and the current version's clause check.
 */
export function TemplateCard({
  template,
  onChanged,
}: {
  template: ContractTemplate;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const publish = useAction();
  const [editing, setEditing] = useState(false);
  const [showCheck, setShowCheck] = useState(false);
  const [warnings, setWarnings] = useState<ClauseProblem[]>([]);
  const refused = refusedProblems(publish.error);

  const handlePublish = () =>
    void publish.run(async () => {
      const result = await publishContractTemplate(template.id);
      setWarnings(result.warnings);
      announce(t('contracts.templates.published', { title: template.title }));
      onChanged();
    });

  const handleRetire = async () => {
    await retireContractTemplate(template.id);
    announce(t('contracts.templates.retired', { title: template.title }));
    onChanged();
  };

  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <div className="head-row">
        <h3 id={`${id}-title`}>{template.title}</h3>
        <StatusBadge
          tone={TONES[template.status]}
          text={t(`contracts.templateStatus.${template.status}`)}
        />
      </div>
      <p className="meta">
        <span>
          {t('contracts.templates.version', {
            version: template.version,
            date: format.dateTime(template.versionCreatedAt),
          })}
        </span>
        <span>
          {template.allMarkets
            ? t('contracts.templates.allMarkets')
            : t('contracts.templates.markets', { markets: template.markets.join(', ') || '—' })}
        </span>
        {template.publishedAt ? (
          <span>
            {t('contracts.templates.publishedAt', { date: format.dateTime(template.publishedAt) })}
          </span>
        ) : null}
        {template.retiredAt ? (
          <span>
            {t('contracts.templates.retiredAt', { date: format.dateTime(template.retiredAt) })}
          </span>
        ) : null}
      </p>
      <p className="muted small mono">
        {t('contracts.templates.hash', { hash: template.sha256.slice(0, 16) })}
      </p>
      <div className="actions">
        {template.status === 'draft' ? (
          <button
            type="button"
            className="button primary"
            disabled={publish.pending}
            aria-busy={publish.pending}
            onClick={handlePublish}
          >
            {t('contracts.templates.publish')}
          </button>
        ) : null}
        {template.status !== 'retired' ? (
          <>
            <button
              type="button"
              className="button"
              aria-expanded={editing}
              onClick={() => setEditing((value) => !value)}
            >
              {t('contracts.templates.edit')}
            </button>
            <ConfirmButton
              label={t('contracts.templates.retire')}
              question={t('contracts.templates.retireQuestion')}
              confirmLabel={t('contracts.templates.confirmRetire')}
              danger
              run={handleRetire}
            />
          </>
        ) : null}
        <button
          type="button"
          className="button"
          aria-expanded={showCheck}
          onClick={() => setShowCheck((value) => !value)}
        >
          {t('contracts.templates.showCheck')}
        </button>
      </div>
      <AmbassadorError error={publish.error} />
      {refused.length > 0 ? (
        <ul className="compact-list" aria-label={t('contracts.templates.refusedList')}>
          {refused.map((problem) => (
            <li key={`${problem.clause}-${problem.problem}`}>
              {problem.clause}: {problem.problem}
            </li>
          ))}
        </ul>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="compact-list" aria-label={t('contracts.templates.warningsList')}>
          {warnings.map((problem) => (
            <li key={`${problem.clause}-${problem.problem}`}>
              {problem.clause}: {problem.problem}
            </li>
          ))}
        </ul>
      ) : null}
      {editing ? (
        <TemplateEditor
          programId={template.programId}
          template={template}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : null}
      {showCheck ? <SavedCheck key={template.version} id={template.id} /> : null}
    </article>
  );
}
