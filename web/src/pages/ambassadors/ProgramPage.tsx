import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FEATURES, useProgram } from '../../api/ambassadors';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { AmbassadorNav } from '../../components/ambassadors/AmbassadorNav';
import { CandidatesPanel } from '../../components/ambassadors/CandidatesPanel';
import { PipelineBoard } from '../../components/ambassadors/PipelineBoard';
import { ScoreRunPanel } from '../../components/ambassadors/ScoreRunPanel';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

/**
 * One ambassador program (managers): its settings and weights, "Score now" with the run's
 * progress, the candidates best first, and the pipeline board.
 */
export function ProgramPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const program = useProgram(id);
  const [scoredVersion, setScoredVersion] = useState(0);
  const [pipelineVersion, setPipelineVersion] = useState(0);
  const handleScored = useCallback(() => setScoredVersion((value) => value + 1), []);
  const handlePipeline = useCallback(() => setPipelineVersion((value) => value + 1), []);
  const data = program.data;
  return (
    <>
      <PageTitle title={data?.name ?? t('ambassadors.programs.title')} />
      <p className="breadcrumb">
        <Link to="/ambassadors/programs">{t('ambassadors.programs.all')}</Link>
      </p>
      {program.loading ? <Loading /> : null}
      <AmbassadorError error={program.error} onRetry={program.reload} />
      {data ? (
        <>
          <div className="page-head">
            <h1>{data.name}</h1>
            <AmbassadorNav />
          </div>
          {data.description ? <p className="lead">{data.description}</p> : null}
          <dl className="figures">
            <div>
              <dt>{t('ambassadors.programs.region')}</dt>
              <dd>{data.regionCode ?? t('ambassadors.programs.allRegions')}</dd>
            </div>
            <div>
              <dt>{t('ambassadors.programs.minAge')}</dt>
              <dd>{format.number(data.minAge)}</dd>
            </div>
            <div>
              <dt>{t('ambassadors.programs.workloadCap')}</dt>
              <dd>{format.number(data.workloadCap)}</dd>
            </div>
            <div>
              <dt>{t('ambassadors.programs.inviteDailyLimit')}</dt>
              <dd>{format.number(data.inviteDailyLimit)}</dd>
            </div>
          </dl>
          <details>
            <summary>{t('ambassadors.programs.weights')}</summary>
            <ul className="compact-list">
              {FEATURES.map((feature) => (
                <li key={feature}>
                  {t(`ambassadors.features.${feature}`)}: {format.number(data.weights[feature])}
                </li>
              ))}
            </ul>
          </details>
          <ScoreRunPanel programId={data.id} onDone={handleScored} />
          <CandidatesPanel
            programId={data.id}
            version={scoredVersion + pipelineVersion}
            onIdentified={handlePipeline}
          />
          <PipelineBoard programId={data.id} version={pipelineVersion} onMoved={handlePipeline} />
        </>
      ) : null}
    </>
  );
}
