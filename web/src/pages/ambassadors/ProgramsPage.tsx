import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { createProgram, type Feature, FEATURES, usePrograms } from '../../api/ambassadors';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { AmbassadorNav } from '../../components/ambassadors/AmbassadorNav';
import { useAction } from '../../components/ambassadors/useAction';
import { WeightsEditor } from '../../components/ambassadors/WeightsEditor';
import { announce } from '../../components/announcer';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/useFormat';

const emptyWeights = () =>
  Object.fromEntries(FEATURES.map((feature) => [feature, ''])) as Record<Feature, string>;

const BLANK = {
  name: '',
  description: '',
  regionCode: '',
  minAge: '18',
  workloadCap: '3',
  inviteDailyLimit: '50',
};

/** A whole number typed in a field, or undefined when empty (the server's default). */
function wholeNumber(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

function CreateProgramForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [fields, setFields] = useState(BLANK);
  const [weights, setWeights] = useState(emptyWeights);
  const set = (key: keyof typeof BLANK) => (value: string) =>
    setFields((current) => ({ ...current, [key]: value }));

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = Object.fromEntries(
      FEATURES.filter((feature) => weights[feature].trim() !== '').map((feature) => [
        feature,
        Number(weights[feature]),
      ]),
    );
    void action
      .run(() =>
        createProgram({
          name: fields.name.trim(),
          description: fields.description.trim(),
          regionCode: fields.regionCode.trim() === '' ? null : fields.regionCode.trim(),
          minAge: wholeNumber(fields.minAge),
          workloadCap: wholeNumber(fields.workloadCap),
          inviteDailyLimit: wholeNumber(fields.inviteDailyLimit),
          weights: Object.keys(chosen).length > 0 ? chosen : undefined,
        }),
      )
      .then((done) => {
        if (done) {
          announce(t('ambassadors.programs.created', { name: fields.name.trim() }));
          setFields(BLANK);
          setWeights(emptyWeights());
          onCreated();
        }
      });
  };

  const text = (key: keyof typeof BLANK, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type={type}
        value={fields[key]}
        disabled={action.pending}
        onChange={(event) => set(key)(event.target.value)}
      />
    </div>
  );

  return (
    <form className="card stack" onSubmit={handleSubmit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('ambassadors.programs.create')}</h2>
      {text('name', t('ambassadors.programs.name'))}
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('ambassadors.programs.description')}</label>
        <textarea
          id={`${id}-description`}
          rows={3}
          maxLength={2000}
          value={fields.description}
          disabled={action.pending}
          onChange={(event) => set('description')(event.target.value)}
        />
      </div>
      <div className="field-row">
        {text('regionCode', t('ambassadors.programs.region'))}
        {text('minAge', t('ambassadors.programs.minAge'), 'number')}
        {text('workloadCap', t('ambassadors.programs.workloadCap'), 'number')}
        {text('inviteDailyLimit', t('ambassadors.programs.inviteDailyLimit'), 'number')}
      </div>
      <WeightsEditor
        values={weights}
        disabled={action.pending}
        onChange={(feature, value) => setWeights((current) => ({ ...current, [feature]: value }))}
      />
      <div className="actions">
        <button type="submit" className="button primary" disabled={action.pending}>
          {t('ambassadors.programs.createButton')}
        </button>
      </div>
      <AmbassadorError error={action.error} />
    </form>
  );
}

/** Ambassador programs (managers): the list, and a form to create one. */
export function ProgramsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const programs = usePrograms();
  return (
    <>
      <PageTitle title={t('ambassadors.programs.title')} />
      <div className="page-head">
        <h1>{t('ambassadors.programs.title')}</h1>
        <AmbassadorNav />
      </div>
      {programs.loading ? <Loading /> : null}
      <AmbassadorError error={programs.error} onRetry={programs.reload} />
      {programs.data && programs.data.items.length === 0 ? (
        <p className="muted">{t('ambassadors.programs.empty')}</p>
      ) : null}
      <ul className="plain-list stack">
        {programs.data?.items.map((program) => (
          <li key={program.id} className="card">
            <div className="head-row">
              <h2>
                <Link to={`/ambassadors/programs/${program.id}`}>{program.name}</Link>
              </h2>
              <StatusBadge
                tone={program.status === 'active' ? 'good' : 'neutral'}
                text={t(`ambassadors.programs.status.${program.status}`)}
              />
            </div>
            {program.description ? <p>{program.description}</p> : null}
            <p className="meta">
              <span>
                {t('ambassadors.programs.regionIs', {
                  region: program.regionCode ?? t('ambassadors.programs.allRegions'),
                })}
              </span>
              <span>{t('ambassadors.programs.minAgeIs', { age: program.minAge })}</span>
              <span>
                {t('ambassadors.programs.createdAt', { date: format.date(program.createdAt) })}
              </span>
            </p>
          </li>
        ))}
      </ul>
      <CreateProgramForm onCreated={programs.reload} />
    </>
  );
}
