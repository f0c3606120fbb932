import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addIteration,
  closeSurvey,
  createSurvey,
  type Nps,
  openSurvey,
  type QuestionInput,
  type ResultGroup,
  type SurveySummary,
  useIterations,
  useSurveyResults,
  useSurveys,
} from '../../api/ambassadorWork';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';
import { useAction } from './useAction';

interface DraftQuestion {
  key: number;
  kind: QuestionInput['kind'];
  prompt: string;
  options: string;
  required: boolean;
}

function SurveyForm({ programId, onCreated }: { programId: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [title, setTitle] = useState('');
  const [intro, setIntro] = useState('');
  const [npsPrompt, setNpsPrompt] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const [questions, setQuestions] = useState<DraftQuestion[]>([]);
  const [next, setNext] = useState(1);
  const change = (key: number, patch: Partial<DraftQuestion>) =>
    setQuestions((current) => current.map((q) => (q.key === key ? { ...q, ...patch } : q)));

  return (
    <form
      className="stack"
      aria-label={t('ambassadors.feedback.newSurvey')}
      onSubmit={(event) => {
        event.preventDefault();
        const input = {
          title: title.trim(),
          intro: intro.trim(),
          npsPrompt: npsPrompt.trim(),
          anonymous,
          questions: questions.map((q): QuestionInput => ({
            kind: q.kind,
            prompt: q.prompt.trim(),
            required: q.required,
            ...(q.kind === 'choice'
              ? {
                  options: q.options
                    .split(',')
                    .map((option) => option.trim())
                    .filter((option) => option !== ''),
                }
              : {}),
          })),
        };
        void action
          .run(() => createSurvey(programId, input))
          .then((done) => {
            if (done) {
              announce(t('ambassadors.feedback.created', { title: input.title }));
              setTitle('');
              setIntro('');
              setNpsPrompt('');
              setQuestions([]);
              setAnonymous(true);
              onCreated();
            }
          });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('ambassadors.feedback.surveyTitle')}</label>
        <input
          id={`${id}-title`}
          required
          minLength={2}
          maxLength={120}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-intro`}>{t('ambassadors.feedback.intro')}</label>
        <textarea
          id={`${id}-intro`}
          rows={2}
          maxLength={2000}
          value={intro}
          onChange={(event) => setIntro(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-nps`}>{t('ambassadors.feedback.npsPrompt')}</label>
        <input
          id={`${id}-nps`}
          maxLength={300}
          aria-describedby={`${id}-nps-hint`}
          value={npsPrompt}
          onChange={(event) => setNpsPrompt(event.target.value)}
        />
        <p className="hint" id={`${id}-nps-hint`}>
          {t('ambassadors.feedback.npsHint')}
        </p>
      </div>
      <label className="checkbox-field">
        <input
          type="checkbox"
          aria-describedby={`${id}-anonymous-hint`}
          checked={anonymous}
          onChange={(event) => setAnonymous(event.target.checked)}
        />
        {t('ambassadors.feedback.anonymous')}
      </label>
      <p className="hint" id={`${id}-anonymous-hint`}>
        {t('ambassadors.feedback.anonymousHint')}
      </p>
      {questions.map((question, index) => (
        <fieldset key={question.key} className="stack">
          <legend>{t('ambassadors.feedback.question', { number: index + 1 })}</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-q${question.key}-kind`}>
                {t('ambassadors.feedback.questionKind', { number: index + 1 })}
              </label>
              <select
                id={`${id}-q${question.key}-kind`}
                value={question.kind}
                onChange={(event) =>
                  change(question.key, { kind: event.target.value as DraftQuestion['kind'] })
                }
              >
                <option value="scale">{t('ambassadors.feedback.kinds.scale')}</option>
                <option value="choice">{t('ambassadors.feedback.kinds.choice')}</option>
                <option value="text">{t('ambassadors.feedback.kinds.text')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-q${question.key}-prompt`}>
                {t('ambassadors.feedback.questionPrompt', { number: index + 1 })}
              </label>
              <input
                id={`${id}-q${question.key}-prompt`}
                required
                maxLength={300}
                value={question.prompt}
                onChange={(event) => change(question.key, { prompt: event.target.value })}
              />
            </div>
          </div>
          {question.kind === 'choice' ? (
            <div className="field">
              <label htmlFor={`${id}-q${question.key}-options`}>
                {t('ambassadors.feedback.questionOptions', { number: index + 1 })}
              </label>
              <input
                id={`${id}-q${question.key}-options`}
                required
                value={question.options}
                onChange={(event) => change(question.key, { options: event.target.value })}
              />
            </div>
          ) : null}
          <label className="checkbox-field">
            <input
              type="checkbox"
              checked={question.required}
              onChange={(event) => change(question.key, { required: event.target.checked })}
            />
            {t('ambassadors.feedback.required')}
          </label>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() =>
                setQuestions((current) => current.filter((q) => q.key !== question.key))
              }
            >
              {t('ambassadors.feedback.removeQuestion', { number: index + 1 })}
            </button>
          </div>
        </fieldset>
      ))}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={questions.length >= 10}
          onClick={() => {
            setQuestions((current) => [
              ...current,
              { key: next, kind: 'text', prompt: '', options: '', required: false },
            ]);
            setNext(next + 1);
          }}
        >
          {t('ambassadors.feedback.addQuestion')}
        </button>
        <button type="submit" className="button primary" disabled={action.pending}>
          {t('ambassadors.feedback.create')}
        </button>
      </div>
      <AmbassadorError error={action.error} />
    </form>
  );
}

function NpsFigures({ nps }: { nps: Nps }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <span>
      {t('ambassadors.feedback.nps', {
        score:
          nps.score === null
            ? t('ambassadors.feedback.noScore')
            : format.number(Math.round(nps.score * 10) / 10),
        promoters: nps.promoters,
        passives: nps.passives,
        detractors: nps.detractors,
        answers: nps.answers,
      })}
    </span>
  );
}

function GroupView({ group }: { group: ResultGroup }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="stack">
      <p>
        {t('ambassadors.feedback.responseRate', {
          rate:
            group.responseRate === null
              ? t('ambassadors.feedback.noScore')
              : format.percent(group.responseRate),
          responded: group.responded,
          invited: group.invited,
        })}
      </p>
      {group.suppressed ? (
        <p className="notice">{t('ambassadors.feedback.suppressed')}</p>
      ) : (
        <>
          {group.nps ? (
            <p>
              <NpsFigures nps={group.nps} />
            </p>
          ) : null}
          {group.questions
            .filter((question) => question.kind !== 'nps')
            .map((question) => (
              <div key={question.questionId} className="stack">
                <h5>{question.prompt}</h5>
                <p className="meta">
                  <span>{t('ambassadors.feedback.answers', { count: question.answers })}</span>
                  {question.average !== null ? (
                    <span>
                      {t('ambassadors.feedback.average', {
                        average: format.number(Math.round(question.average * 10) / 10),
                      })}
                    </span>
                  ) : null}
                </p>
                {question.distribution.length > 0 ? (
                  <ul className="compact-list">
                    {question.distribution.map((item) => (
                      <li key={item.value}>
                        {t('ambassadors.feedback.distribution', {
                          value: item.value,
                          count: item.count,
                        })}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {question.sentiment ? (
                  <p>
                    {t('ambassadors.feedback.sentiment', {
                      positive: format.percent(question.sentiment.shares.positive),
                      neutral: format.percent(question.sentiment.shares.neutral),
                      negative: format.percent(question.sentiment.shares.negative),
                    })}
                  </p>
                ) : null}
                {question.examples.length > 0 ? (
                  <ul className="compact-list" aria-label={t('ambassadors.feedback.examples')}>
                    {question.examples.map((example) => (
                      <li key={example.text}>
                        {t(`ambassadors.feedback.labels.${example.label}`)}: {example.text}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ))}
        </>
      )}
    </div>
  );
}

function SurveyResultsView({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation();
  const results = useSurveyResults(surveyId);
  if (results.loading) {
    return <Loading />;
  }
  if (results.error || !results.data) {
    return <AmbassadorError error={results.error} onRetry={results.reload} />;
  }
  const data = results.data;
  return (
    <section
      className="stack"
      aria-label={t('ambassadors.feedback.resultsOf', { title: data.survey.title })}
    >
      <GroupView group={data.total} />
      {data.regions.length > 0 ? (
        <details>
          <summary>{t('ambassadors.feedback.byRegion')}</summary>
          {data.regions.map((region) => (
            <div key={region.regionCode ?? '-'} className="stack">
              <h5>{region.regionCode ?? t('ambassadors.retention.noRegion')}</h5>
              <GroupView group={region} />
            </div>
          ))}
        </details>
      ) : null}
    </section>
  );
}

function SurveyCard({ survey, onChanged }: { survey: SurveySummary; onChanged: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  const [showResults, setShowResults] = useState(false);
  const act = (work: () => Promise<unknown>, message: string) =>
    void action.run(work).then((done) => {
      if (done) {
        announce(message);
        onChanged();
      }
    });
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <div className="head-row">
        <h4 id={`${id}-title`}>{survey.title}</h4>
        <span className="badge">{t(`ambassadors.missions.statuses.${survey.status}`)}</span>
      </div>
      <p className="meta">
        <span>{t('ambassadors.feedback.questions', { count: survey.questions.length })}</span>
        <span>
          {t('ambassadors.feedback.responseRate', {
            rate:
              survey.responseRate === null
                ? t('ambassadors.feedback.noScore')
                : format.percent(survey.responseRate),
            responded: survey.responded,
            invited: survey.invited,
          })}
        </span>
        <NpsFigures nps={survey.nps} />
      </p>
      <div className="actions">
        {survey.status === 'draft' ? (
          <button
            type="button"
            className="button primary"
            disabled={action.pending}
            onClick={() =>
              act(
                () => openSurvey(survey.id),
                t('ambassadors.feedback.opened', { title: survey.title }),
              )
            }
          >
            {t('ambassadors.feedback.open')}
          </button>
        ) : null}
        {survey.status === 'open' ? (
          <button
            type="button"
            className="button"
            disabled={action.pending}
            onClick={() =>
              act(
                () => closeSurvey(survey.id),
                t('ambassadors.feedback.closed', { title: survey.title }),
              )
            }
          >
            {t('ambassadors.feedback.close')}
          </button>
        ) : null}
        {survey.status !== 'draft' ? (
          <button
            type="button"
            className="button"
            aria-expanded={showResults}
            onClick={() => setShowResults(!showResults)}
          >
            {t('ambassadors.feedback.results')}
          </button>
        ) : null}
      </div>
      <AmbassadorError error={action.error} />
      {showResults ? <SurveyResultsView surveyId={survey.id} /> : null}
    </article>
  );
}

function IterationLog({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const iterations = useIterations(programId);
  const action = useAction();
  const [title, setTitle] = useState('');
  const [change, setChange] = useState('');
  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('ambassadors.feedback.iterations')}</h3>
      <form
        className="stack"
        aria-label={t('ambassadors.feedback.newIteration')}
        onSubmit={(event) => {
          event.preventDefault();
          void action
            .run(() => addIteration(programId, { title: title.trim(), change, surveyIds: [] }))
            .then((done) => {
              if (done) {
                announce(t('ambassadors.feedback.iterationAdded'));
                setTitle('');
                setChange('');
                iterations.reload();
              }
            });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-it-title`}>{t('ambassadors.feedback.iterationTitle')}</label>
          <input
            id={`${id}-it-title`}
            required
            minLength={2}
            maxLength={120}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-it-change`}>{t('ambassadors.feedback.iterationChange')}</label>
          <textarea
            id={`${id}-it-change`}
            required
            rows={3}
            maxLength={5000}
            value={change}
            onChange={(event) => setChange(event.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={action.pending}>
            {t('ambassadors.feedback.addIteration')}
          </button>
        </div>
        <AmbassadorError error={action.error} />
      </form>
      {iterations.loading && !iterations.data ? <Loading /> : null}
      <AmbassadorError error={iterations.error} onRetry={iterations.reload} />
      {iterations.data && iterations.data.items.length === 0 ? (
        <p className="muted">{t('ambassadors.feedback.noIterations')}</p>
      ) : null}
      <ul className="plain-list">
        {iterations.data?.items.map((item) => (
          <li key={item.id}>
            <strong>{item.title}</strong>{' '}
            <span className="muted">
              {format.date(item.on)}
              {item.author ? ` · @${item.author.username}` : ''}
            </span>
            <p>{item.change}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The feedback tab: surveys (write, open, close, results) and the iteration log. */
export function FeedbackPanel({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const surveys = useSurveys(programId);
  return (
    <>
      <section className="page-section" aria-labelledby={`${id}-new`}>
        <h3 id={`${id}-new`}>{t('ambassadors.feedback.newSurvey')}</h3>
        <SurveyForm programId={programId} onCreated={surveys.reload} />
      </section>
      <section className="page-section" aria-labelledby={`${id}-list`}>
        <h3 id={`${id}-list`}>{t('ambassadors.feedback.surveys')}</h3>
        {surveys.loading && !surveys.data ? <Loading /> : null}
        <AmbassadorError error={surveys.error} onRetry={surveys.reload} />
        {surveys.data && surveys.data.items.length === 0 ? (
          <p className="muted">{t('ambassadors.feedback.noSurveys')}</p>
        ) : null}
        <div className="stack">
          {surveys.data?.items.map((survey) => (
            <SurveyCard
              key={`${survey.id}-${survey.status}`}
              survey={survey}
              onChanged={surveys.reload}
            />
          ))}
        </div>
      </section>
      <IterationLog programId={programId} />
    </>
  );
}
