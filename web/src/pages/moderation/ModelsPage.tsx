import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { trainModel, useModels } from '../../api/moderation';
import { toApiError } from '../../api/useResource';
import { announce } from '../../components/announcer';
import { Loading } from '../../components/Loading';
import { ModelCard } from '../../components/moderation/ModelCard';
import { ModerationError } from '../../components/moderation/ModerationError';
import { ModerationNav } from '../../components/moderation/ModerationNav';
import { PageTitle } from '../../components/PageTitle';

/**
 * Model versions (managers and admins): which one is live, every version's figures beside
 * its baseline, training a new version from this community's decisions, and promotion.
 */
export function ModelsPage() {
  const { t } = useTranslation();
  const models = useModels();
  const [training, setTraining] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleTrain = async () => {
    setTraining(true);
    setError(null);
    try {
      const trained = await trainModel();
      announce(
        t('moderation.models.trained', {
          version: trained.version,
          better: trained.better ? t('common.yes') : t('common.no'),
          bias: trained.biasPassed ? t('common.yes') : t('common.no'),
        }),
      );
      models.reload();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setTraining(false);
    }
  };

  return (
    <>
      <PageTitle title={t('moderation.models.title')} />
      <div className="page-head">
        <h1>{t('moderation.models.title')}</h1>
        <ModerationNav />
        <p className="muted">{t('moderation.models.intro')}</p>
        {models.data ? (
          <p className="lead">
            {t('moderation.models.liveNow')} <strong className="mono">{models.data.live}</strong>
          </p>
        ) : null}
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={training}
            aria-busy={training}
            aria-describedby="models-train-hint"
            onClick={() => void handleTrain()}
          >
            {t('moderation.models.train')}
          </button>
        </div>
        {training ? <Loading label={t('moderation.models.training')} /> : null}
        <p id="models-train-hint" className="hint">
          {t('moderation.models.trainHint')}
        </p>
        <ModerationError error={error} />
      </div>
      {models.loading && !models.data ? <Loading /> : null}
      <ModerationError error={models.error} onRetry={models.reload} />
      {models.data ? (
        <ol className="plain-list" aria-label={t('moderation.models.listTitle')}>
          {models.data.items.map((model) => (
            <li key={model.version}>
              <ModelCard model={model} onPromoted={models.reload} />
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
