/**
 * The maturity assessment (docs/PROGRAM.md): the newest scored report (overall score and level,
 * each dimension with its change since the assessment before, the gaps and what to do about
 * them), and the questionnaire from the API: one group of radios 0–4 per question, every
 * question answered before "Submit assessment".
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Assessment,
  type Dimension,
  levelKey,
  type Questionnaire,
  submitAssessment,
  useLatestAssessment,
  useQuestionnaire,
} from '../../../api/analyticsProgram';
import type { ApiError } from '../../../api/client';
import { toApiError } from '../../../api/useResource';
import { announce } from '../../announcer';
import { ErrorAlert } from '../../ErrorAlert';
import { DataState } from '../DataState';
import { useAnalyticsFormat } from '../useAnalyticsFormat';

function useNames() {
  const { t } = useTranslation();
  return {
    dimension: (key: Dimension) => t(`analyticsProgram.dimensions.${key}`),
    level: (name: string) => {
      const key = levelKey(name);
      return key ? t(`analyticsProgram.levels.${key}`) : name;
    },
  };
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

function AssessmentReport({ report }: { report: Assessment }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const names = useNames();
  const id = useId();
  const score = (value: number) => af.decimal(value);
  const change = (value: number | undefined) =>
    value === undefined ? af.none : signed(score(Math.abs(value)), value);

  return (
    <div className="assessment-report" role="region" aria-labelledby={`${id}-report`}>
      <h3 id={`${id}-report`}>{t('analyticsProgram.assessment.report')}</h3>
      <p className="small muted">
        {t('analyticsProgram.assessment.submittedAt', { date: af.date(report.submittedAt) })}
      </p>
      <dl className="figures metrics-figures">
        <div>
          <dt>{t('analyticsProgram.assessment.overall')}</dt>
          <dd>
            {t('analyticsProgram.assessment.scoreOf', { score: score(report.overall.score) })}
          </dd>
        </div>
        <div>
          <dt>{t('analyticsProgram.assessment.level')}</dt>
          <dd>{names.level(report.overall.level)}</dd>
        </div>
        <div>
          <dt>{t('analyticsProgram.assessment.changeSinceLast')}</dt>
          <dd>
            {report.change
              ? change(report.change.overall)
              : t('analyticsProgram.assessment.firstOne')}
          </dd>
        </div>
      </dl>
      <div className="table-wrap">
        <table>
          <caption>{t('analyticsProgram.assessment.byDimension')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('analyticsProgram.assessment.dimension')}</th>
              <th scope="col" className="number">
                {t('analyticsProgram.assessment.score')}
              </th>
              <th scope="col" className="number">
                {t('analyticsProgram.assessment.percent')}
              </th>
              <th scope="col">{t('analyticsProgram.assessment.level')}</th>
              <th scope="col" className="number">
                {t('analyticsProgram.assessment.change')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.dimensions.map((row) => (
              <tr key={row.dimension}>
                <th scope="row">{names.dimension(row.dimension)}</th>
                <td className="number">{score(row.score)}</td>
                <td className="number">{af.rate(row.percent / 100)}</td>
                <td>{names.level(row.level)}</td>
                <td className="number">
                  {report.change ? change(report.change.dimensions[row.dimension]) : af.none}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>{t('analyticsProgram.assessment.gaps')}</h4>
      {report.gaps.length === 0 ? (
        <p className="muted">{t('analyticsProgram.assessment.noGaps')}</p>
      ) : (
        <ol>
          {report.gaps.map((gap) => (
            <li key={gap}>{names.dimension(gap)}</li>
          ))}
        </ol>
      )}
      {report.recommendations.length > 0 ? (
        <>
          <h4>{t('analyticsProgram.assessment.recommendations')}</h4>
          <ul className="recommendations">
            {report.recommendations.map((item) => (
              <li key={item.questionId}>
                <strong>{names.dimension(item.dimension)}:</strong> {item.text}{' '}
                <span className="small muted">
                  {t('analyticsProgram.assessment.answered', { answer: item.answer })}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function AssessmentForm({
  questionnaire,
  onSubmitted,
}: {
  questionnaire: Questionnaire;
  onSubmitted: (assessment: Assessment) => void;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const id = useId();
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const open = questionnaire.questions.filter((q) => answers[q.id] === undefined);
    setMissing(open.map((q) => q.id));
    if (open.length > 0) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const report = await submitAssessment(answers, note.trim());
      setAnswers({});
      setNote('');
      announce(
        t('analyticsProgram.assessment.submitted', {
          level: names.level(report.overall.level),
        }),
      );
      onSubmitted(report);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="program-form assessment-form"
      aria-label={t('analyticsProgram.assessment.form')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <h3>{t('analyticsProgram.assessment.form')}</h3>
      <p className="small muted">{t('analyticsProgram.assessment.formIntro')}</p>
      {questionnaire.dimensions.map((dimension) => (
        <div key={dimension.key} className="assessment-dimension">
          <h4>{names.dimension(dimension.key)}</h4>
          {questionnaire.questions
            .filter((question) => question.dimension === dimension.key)
            .map((question) => {
              const isMissing = missing.includes(question.id);
              return (
                <fieldset
                  key={question.id}
                  className="assessment-question"
                  aria-invalid={isMissing || undefined}
                  aria-describedby={isMissing ? `${id}-${question.id}-missing` : undefined}
                >
                  <legend>{question.text}</legend>
                  <div className="answer-scale">
                    {question.scale.map((meaning, value) => (
                      <label key={value} className="answer-option">
                        <input
                          type="radio"
                          name={`${id}-${question.id}`}
                          value={value}
                          checked={answers[question.id] === value}
                          onChange={() => {
                            setAnswers((current) => ({ ...current, [question.id]: value }));
                            setMissing((current) => current.filter((q) => q !== question.id));
                          }}
                        />
                        <span>
                          <strong>{value}</strong> {meaning}
                        </span>
                      </label>
                    ))}
                  </div>
                  {isMissing ? (
                    <p id={`${id}-${question.id}-missing`} className="field-error">
                      {t('analyticsProgram.assessment.answerMissing')}
                    </p>
                  ) : null}
                </fieldset>
              );
            })}
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('analyticsProgram.assessment.note')}</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      {missing.length > 0 ? (
        <p className="field-error" role="alert">
          {t('analyticsProgram.assessment.missingCount', { count: missing.length })}
        </p>
      ) : null}
      <p className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          {t('analyticsProgram.assessment.submit')}
        </button>
      </p>
      <ErrorAlert error={error} />
    </form>
  );
}

export function AssessmentSection() {
  const { t } = useTranslation();
  const id = useId();
  const latest = useLatestAssessment();
  const questionnaire = useQuestionnaire();
  const newest = latest.data?.items[0] ?? null;
  const noneYet = latest.data !== null && newest === null;

  return (
    <section className="page-section" aria-labelledby={`${id}-assessment`}>
      <h2 id={`${id}-assessment`}>{t('analyticsProgram.assessment.heading')}</h2>
      <DataState resource={latest}>
        {() =>
          newest ? (
            <AssessmentReport report={newest} />
          ) : (
            <p className="muted">{t('analyticsProgram.assessment.none')}</p>
          )
        }
      </DataState>
      <DataState resource={questionnaire}>
        {(data) => (
          <details className="assessment-details" open={noneYet}>
            <summary>{t('analyticsProgram.assessment.start')}</summary>
            <AssessmentForm
              questionnaire={data}
              onSubmitted={(report) => latest.setData({ items: [report], nextCursor: null })}
            />
          </details>
        )}
      </DataState>
    </section>
  );
}
