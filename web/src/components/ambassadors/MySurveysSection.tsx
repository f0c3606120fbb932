import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  answerSurvey,
  type MemberSurvey,
  type Question,
  useMySurveys,
} from '../../api/ambassadorWork';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';
import { useAction } from './useAction';

type Answer = number | string | undefined;

function QuestionField({
  question,
  value,
  onChange,
}: {
  question: Question;
  value: Answer;
  onChange: (value: Answer) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  if (question.kind === 'nps' || question.kind === 'scale') {
    const [min, max] = question.kind === 'nps' ? [0, 10] : [1, 5];
    const values = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    return (
      <fieldset className="stack">
        <legend>{question.prompt}</legend>
        <div className="reaction-buttons">
          {values.map((number) => (
            <button
              key={number}
              type="button"
              className="button"
              aria-pressed={value === number}
              onClick={() => onChange(number)}
            >
              {number}
            </button>
          ))}
        </div>
        <p className="hint">
          {question.kind === 'nps'
            ? t('ambassadors.portal.npsScale')
            : t('ambassadors.portal.scaleHint')}
        </p>
      </fieldset>
    );
  }
  if (question.kind === 'choice') {
    return (
      <fieldset className="checkbox-group">
        <legend>{question.prompt}</legend>
        {question.options.map((option) => (
          <label key={option} className="checkbox-field">
            <input
              type="radio"
              name={id}
              checked={value === option}
              onChange={() => onChange(option)}
            />
            {option}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <div className="field">
      <label htmlFor={`${id}-text`}>{question.prompt}</label>
      <textarea
        id={`${id}-text`}
        rows={3}
        maxLength={2000}
        value={typeof value === 'string' ? value : ''}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

function SurveyCard({ survey, onAnswered }: { survey: MemberSurvey; onAnswered: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const missing = survey.questions.filter(
    (question) =>
      question.required &&
      (answers[question.id] === undefined || String(answers[question.id]).trim() === ''),
  );
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{survey.title}</h3>
      <p className="meta">
        <span>{survey.programName}</span>
        <span>
          {survey.anonymous ? t('ambassadors.portal.anonymous') : t('ambassadors.portal.named')}
        </span>
      </p>
      {survey.intro ? <p>{survey.intro}</p> : null}
      {survey.responded ? (
        <p className="notice">{t('ambassadors.portal.answered')}</p>
      ) : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            const body: Record<string, number | string> = {};
            for (const [key, value] of Object.entries(answers)) {
              if (value !== undefined && String(value).trim() !== '') {
                body[key] = typeof value === 'string' ? value.trim() : value;
              }
            }
            void action
              .run(() => answerSurvey(survey.id, body))
              .then((done) => {
                if (done) {
                  announce(t('ambassadors.portal.thanks'));
                  onAnswered();
                }
              });
          }}
        >
          {survey.questions.map((question) => (
            <QuestionField
              key={question.id}
              question={question}
              value={answers[question.id]}
              onChange={(value) => setAnswers((current) => ({ ...current, [question.id]: value }))}
            />
          ))}
          <div className="actions">
            <button
              type="submit"
              className="button primary"
              disabled={action.pending || missing.length > 0}
            >
              {t('ambassadors.portal.sendAnswers')}
            </button>
          </div>
          {missing.length > 0 ? (
            <p className="hint">
              {t('ambassadors.portal.requiredLeft', { count: missing.length })}
            </p>
          ) : null}
          <AmbassadorError error={action.error} />
        </form>
      )}
    </article>
  );
}

/** Open surveys the member was invited to, with the answer form. */
export function MySurveysSection() {
  const { t } = useTranslation();
  const surveys = useMySurveys();
  return (
    <section className="page-section" aria-labelledby="ambassador-surveys">
      <h2 id="ambassador-surveys">{t('ambassadors.portal.surveys')}</h2>
      {surveys.loading && !surveys.data ? <Loading /> : null}
      <AmbassadorError error={surveys.error} onRetry={surveys.reload} />
      {surveys.data && surveys.data.items.length === 0 ? (
        <p className="muted">{t('ambassadors.portal.noSurveys')}</p>
      ) : null}
      <div className="stack">
        {surveys.data?.items.map((survey) => (
          <SurveyCard key={survey.id} survey={survey} onAnswered={surveys.reload} />
        ))}
      </div>
    </section>
  );
}
