import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { type HeadMetrics, type ModelVersion, promoteModel } from '../../api/moderation';
import { toApiError } from '../../api/useResource';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { StatusBadge, type StatusTone } from '../StatusBadge';
import { useHeadLabel } from './labels';
import { ModerationError } from './ModerationError';

const FIGURES = ['auc', 'precision', 'recall', 'f1', 'balancedAccuracy', 'threshold', 'n'] as const;
type Figure = (typeof FIGURES)[number];

const STATUS_TONES: Record<ModelVersion['status'], StatusTone> = {
  live: 'good',
  shadow: 'busy',
  candidate: 'neutral',
  retired: 'neutral',
  refused: 'bad',
};

interface ModelCardProps {
  model: ModelVersion;
  onPromoted: () => void;
}

/**
 * One model version: its status, rows, bias check, and a table of its figures per head beside
 * those of the version that was live when it was trained (the baseline); Promote for versions
 * that are not live. The server refuses a promotion that does not beat the live version or
 * failed the bias check, and says why.
 */
export function ModelCard({ model, onPromoted }: ModelCardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const headLabel = useHeadLabel();
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const heads = [...new Set([...Object.keys(model.metrics), ...Object.keys(model.baseline)])];
  const hasBaseline = Object.keys(model.baseline).length > 0;
  const promotable = model.status !== 'live' && model.version !== 'v0';

  const figure = (metrics: HeadMetrics | undefined, name: Figure): string => {
    const value = metrics?.[name];
    if (value === undefined || value === null) {
      return '—';
    }
    if (name === 'n') {
      return format.number(value);
    }
    return format.number(Math.round(value * 1000) / 1000);
  };

  const handlePromote = async () => {
    setPending(true);
    setError(null);
    try {
      await promoteModel(model.version);
      announce(t('moderation.models.promoted', { version: model.version }));
      onPromoted();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <article className="card model-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('moderation.models.version', { version: model.version })}</h2>
      <p className="meta">
        <StatusBadge
          tone={STATUS_TONES[model.status]}
          text={t(`moderation.models.statuses.${model.status}`)}
        />
        <StatusBadge
          tone={model.biasPassed ? 'good' : 'bad'}
          text={
            model.biasPassed ? t('moderation.models.biasPassed') : t('moderation.models.biasFailed')
          }
        />
        <span>
          {t('moderation.models.biasGap', {
            gap: format.number(Math.round(model.biasMaxGap * 1000) / 1000),
          })}
        </span>
      </p>
      <dl className="figures">
        <div>
          <dt>{t('moderation.models.trainingRows')}</dt>
          <dd>{format.number(model.trainingRows)}</dd>
        </div>
        <div>
          <dt>{t('moderation.models.evaluationRows')}</dt>
          <dd>{format.number(model.evaluationRows)}</dd>
        </div>
        <div>
          <dt>{t('moderation.models.created')}</dt>
          <dd className="small">{format.dateTime(model.createdAt)}</dd>
        </div>
        {model.promotedAt ? (
          <div>
            <dt>{t('moderation.models.promotedAt')}</dt>
            <dd className="small">{format.dateTime(model.promotedAt)}</dd>
          </div>
        ) : null}
      </dl>
      {heads.length === 0 ? (
        <p className="muted">{t('moderation.models.noFigures')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>
              {hasBaseline
                ? t('moderation.models.tableCaption', { version: model.version })
                : t('moderation.models.tableCaptionAlone', { version: model.version })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('moderation.models.figure')}</th>
                <th scope="col" className="number">
                  {model.version}
                </th>
                {hasBaseline ? (
                  <th scope="col" className="number">
                    {t('moderation.models.baseline')}
                  </th>
                ) : null}
              </tr>
            </thead>
            {heads.map((head) => {
              const mine = model.metrics[head];
              const base = model.baseline[head];
              return (
                <tbody key={head}>
                  <tr className="head-row">
                    <th scope="colgroup" colSpan={hasBaseline ? 3 : 2}>
                      {headLabel(head)}
                    </th>
                  </tr>
                  {FIGURES.map((name) => (
                    <tr key={name}>
                      <th scope="row">{t(`moderation.models.figures.${name}`)}</th>
                      <td className="number">{figure(mine, name)}</td>
                      {hasBaseline ? <td className="number">{figure(base, name)}</td> : null}
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">{t('moderation.models.figures.confusion')}</th>
                    <td className="number small">{confusion(mine, format.number)}</td>
                    {hasBaseline ? (
                      <td className="number small">{confusion(base, format.number)}</td>
                    ) : null}
                  </tr>
                </tbody>
              );
            })}
          </table>
        </div>
      )}
      {promotable ? (
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={pending}
            aria-busy={pending}
            aria-label={t('moderation.models.promoteVersion', { version: model.version })}
            onClick={() => void handlePromote()}
          >
            {t('moderation.models.promote')}
          </button>
        </div>
      ) : null}
      <ModerationError error={error} />
    </article>
  );
}

function confusion(metrics: HeadMetrics | undefined, number: (value: number) => string): string {
  if (!metrics) {
    return '—';
  }
  const { tp, fp, tn, fn } = metrics.confusion;
  return `TP ${number(tp)} · FP ${number(fp)} · TN ${number(tn)} · FN ${number(fn)}`;
}
