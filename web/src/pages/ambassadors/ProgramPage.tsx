import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { FEATURES, useProgram } from '../../api/ambassadors';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { AmbassadorNav } from '../../components/ambassadors/AmbassadorNav';
import { CandidatesPanel } from '../../components/ambassadors/CandidatesPanel';
import { FeedbackPanel } from '../../components/ambassadors/FeedbackPanel';
import { MissionsPanel } from '../../components/ambassadors/MissionsPanel';
import { PipelineBoard } from '../../components/ambassadors/PipelineBoard';
import { RetentionPanel } from '../../components/ambassadors/RetentionPanel';
import { ScoreRunPanel } from '../../components/ambassadors/ScoreRunPanel';
import { SettingsPanel } from '../../components/ambassadors/SettingsPanel';
import { WorkloadPanel } from '../../components/ambassadors/WorkloadPanel';
import { HandbookLink } from '../../components/HandbookLink';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Tabs } from '../../components/Tabs';
import { useFormat } from '../../i18n/useFormat';

const TABS = ['pipeline', 'missions', 'workload', 'feedback', 'retention', 'settings'] as const;
type Tab = (typeof TABS)[number];

/**
 * One ambassador program (managers): its settings and weights; tabs for "Score now" with the
 * run's progress, the candidates best first and the pipeline board (with invitations), the
 * missions, the workload, surveys and the iteration log, retention, and the invitation e-mails
 * with the agreement. `?tab=missions` opens that tab.
 */
export function ProgramPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const asked = search.get('tab');
  const tab: Tab = TABS.find((item) => item === asked) ?? 'pipeline';
  const selectTab = (next: Tab) =>
    setSearch(next === 'pipeline' ? {} : { tab: next }, { replace: true });
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
          <HandbookLink section="ambassadors" />
          <p>
            <Link to={`/ambassadors/programs/${data.id}/contracts`}>
              {t('contracts.links.manage')}
            </Link>
          </p>
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
          <Tabs<Tab>
            label={t('ambassadors.tabs.label')}
            selected={tab}
            onSelect={selectTab}
            tabs={[
              {
                key: 'pipeline',
                label: t('ambassadors.tabs.pipeline'),
                render: () => (
                  <>
                    <ScoreRunPanel programId={data.id} onDone={handleScored} />
                    <CandidatesPanel
                      programId={data.id}
                      version={scoredVersion + pipelineVersion}
                      onIdentified={handlePipeline}
                    />
                    <PipelineBoard
                      programId={data.id}
                      version={pipelineVersion}
                      onMoved={handlePipeline}
                    />
                  </>
                ),
              },
              {
                key: 'missions',
                label: t('ambassadors.tabs.missions'),
                render: () => <MissionsPanel programId={data.id} />,
              },
              {
                key: 'workload',
                label: t('ambassadors.tabs.workload'),
                render: () => <WorkloadPanel programId={data.id} />,
              },
              {
                key: 'feedback',
                label: t('ambassadors.tabs.feedback'),
                render: () => <FeedbackPanel programId={data.id} />,
              },
              {
                key: 'retention',
                label: t('ambassadors.tabs.retention'),
                render: () => <RetentionPanel programId={data.id} />,
              },
              {
                key: 'settings',
                label: t('ambassadors.tabs.settings'),
                render: () => <SettingsPanel programId={data.id} />,
              },
            ]}
          />
        </>
      ) : null}
    </>
  );
}
