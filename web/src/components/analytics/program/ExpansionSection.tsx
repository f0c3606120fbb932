/**
 * Expansion (docs/PROGRAM.md): open the program to a new region or segment, copying an existing
 * one. The form always runs a dry run first and shows what would be copied and what not; only
 * then, for exactly those inputs, "Expand now" does it for real. Below, the expansions made.
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScopes } from '../../../api/analytics';
import {
  COPIED_KINDS,
  type Expansion,
  type ExpansionRequest,
  expandProgram,
  useExpansions,
} from '../../../api/analyticsProgram';
import type { ApiError } from '../../../api/client';
import { useSession } from '../../../api/session';
import { toApiError } from '../../../api/useResource';
import { announce } from '../../announcer';
import { ErrorAlert } from '../../ErrorAlert';
import { DataState } from '../DataState';
import { useAnalyticsFormat } from '../useAnalyticsFormat';

type Kind = 'region' | 'segment';

interface Draft {
  kind: Kind;
  from: string;
  code: string;
  name: string;
  currency: string;
  locale: string;
  timezone: string;
}

const EMPTY: Draft = {
  kind: 'region',
  from: '',
  code: '',
  name: '',
  currency: '',
  locale: '',
  timezone: '',
};

/** The request a draft stands for (empty optional fields left out: the source's apply). */
function requestOf(draft: Draft, dryRun: boolean): ExpansionRequest {
  const to: ExpansionRequest['to'] = { code: draft.code.trim(), name: draft.name.trim() };
  if (draft.kind === 'region') {
    const currency = draft.currency.trim().toUpperCase();
    if (currency) {
      to.currency = currency;
    }
    if (draft.locale.trim()) {
      to.locale = draft.locale.trim();
    }
    if (draft.timezone.trim()) {
      to.timezone = draft.timezone.trim();
    }
  }
  return {
    from: draft.kind === 'region' ? { region: draft.from } : { segment: draft.from },
    to,
    dryRun,
  };
}

function ExpansionSummary({ expansion }: { expansion: Expansion }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="expansion-summary" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {expansion.dryRun
          ? t('analyticsProgram.expansion.dryRunTitle', {
              source: expansion.source.name,
              target: expansion.target.name,
            })
          : t('analyticsProgram.expansion.doneTitle', {
              source: expansion.source.name,
              target: expansion.target.name,
            })}
      </h3>
      <dl className="figures">
        {COPIED_KINDS.map((kind) => (
          <div key={kind}>
            <dt>{t(`analyticsProgram.expansion.copied.${kind}`)}</dt>
            <dd>{expansion.copied[kind]}</dd>
          </div>
        ))}
      </dl>
      {expansion.notCopied.length > 0 ? (
        <>
          <h4>{t('analyticsProgram.expansion.notCopied')}</h4>
          <ul className="small">
            {expansion.notCopied.map((item) => (
              <li key={`${item.type}:${item.name}`}>
                {item.name} ({item.type}): {item.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {expansion.notes.length > 0 ? (
        <>
          <h4>{t('analyticsProgram.expansion.notes')}</h4>
          <ul className="small">
            {expansion.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function ExpansionForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const scopes = useScopes();
  const regions = scopes.data?.regions ?? session.regions;
  const segments = scopes.data?.segments ?? [];
  const id = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problem, setProblem] = useState<'from' | 'code' | 'name' | null>(null);
  const [result, setResult] = useState<Expansion | null>(null);
  /** The inputs the shown dry run was made for; "Expand now" needs the same ones. */
  const [triedFor, setTriedFor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const sources = draft.kind === 'region' ? regions.map((r) => r.code) : segments.map((s) => s.key);
  const from = draft.from || sources[0] || '';
  const current = { ...draft, from };
  const currentKey = JSON.stringify(current);

  const set = (key: keyof Draft, value: string) =>
    setDraft((previous) =>
      key === 'kind'
        ? { ...previous, kind: value as Kind, from: '' }
        : { ...previous, [key]: value },
    );

  const run = async (dryRun: boolean) => {
    const found = !from
      ? 'from'
      : !current.code.trim()
        ? 'code'
        : !current.name.trim()
          ? 'name'
          : null;
    setProblem(found);
    if (found) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await expandProgram(requestOf(current, dryRun));
      setResult(answer);
      if (dryRun) {
        setTriedFor(currentKey);
        announce(t('analyticsProgram.expansion.dryRunDone'));
      } else {
        setTriedFor(null);
        setDraft(EMPTY);
        announce(t('analyticsProgram.expansion.done', { name: answer.target.name }));
        onDone();
      }
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(true);
  };

  const invalid = (field: typeof problem) => ({
    'aria-invalid': problem === field || undefined,
    'aria-describedby': problem === field ? `${id}-${field}-error` : undefined,
  });
  const fieldError = (field: typeof problem) =>
    problem === field ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {t(`analyticsProgram.expansion.problems.${field ?? 'code'}`)}
      </p>
    ) : null;

  return (
    <>
      <form
        className="program-form"
        aria-label={t('analyticsProgram.expansion.form')}
        noValidate
        onSubmit={handleSubmit}
      >
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('analyticsProgram.expansion.kind')}</label>
            <select
              id={`${id}-kind`}
              value={draft.kind}
              onChange={(event) => set('kind', event.target.value)}
            >
              <option value="region">{t('analyticsProgram.expansion.kinds.region')}</option>
              <option value="segment">{t('analyticsProgram.expansion.kinds.segment')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>
              {t(`analyticsProgram.expansion.from.${draft.kind}`)}
            </label>
            <select
              id={`${id}-from`}
              value={from}
              {...invalid('from')}
              onChange={(event) => set('from', event.target.value)}
            >
              {draft.kind === 'region'
                ? regions.map((region) => (
                    <option key={region.code} value={region.code}>
                      {region.name} ({region.code})
                    </option>
                  ))
                : segments.map((segment) => (
                    <option key={segment.key} value={segment.key}>
                      {segment.name} ({segment.key})
                    </option>
                  ))}
            </select>
            {fieldError('from')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-code`}>
              {t(`analyticsProgram.expansion.code.${draft.kind}`)}
            </label>
            <input
              id={`${id}-code`}
              type="text"
              maxLength={60}
              value={draft.code}
              {...invalid('code')}
              onChange={(event) => set('code', event.target.value)}
            />
            {fieldError('code')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('analyticsProgram.expansion.name')}</label>
            <input
              id={`${id}-name`}
              type="text"
              maxLength={200}
              value={draft.name}
              {...invalid('name')}
              onChange={(event) => set('name', event.target.value)}
            />
            {fieldError('name')}
          </div>
          {draft.kind === 'region' ? (
            <>
              <div className="field">
                <label htmlFor={`${id}-currency`}>{t('analyticsProgram.expansion.currency')}</label>
                <input
                  id={`${id}-currency`}
                  type="text"
                  maxLength={3}
                  value={draft.currency}
                  onChange={(event) => set('currency', event.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-locale`}>{t('analyticsProgram.expansion.locale')}</label>
                <input
                  id={`${id}-locale`}
                  type="text"
                  maxLength={35}
                  placeholder="fr-FR"
                  value={draft.locale}
                  onChange={(event) => set('locale', event.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-timezone`}>{t('analyticsProgram.expansion.timezone')}</label>
                <input
                  id={`${id}-timezone`}
                  type="text"
                  maxLength={64}
                  placeholder="Europe/Paris"
                  value={draft.timezone}
                  onChange={(event) => set('timezone', event.target.value)}
                />
              </div>
            </>
          ) : null}
        </div>
        <p className="small muted">{t('analyticsProgram.expansion.defaults')}</p>
        <p className="actions">
          <button type="submit" className="button" disabled={busy} aria-busy={busy}>
            {t('analyticsProgram.expansion.dryRun')}
          </button>
          {triedFor === currentKey ? (
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => void run(false)}
            >
              {t('analyticsProgram.expansion.run')}
            </button>
          ) : null}
        </p>
        <ErrorAlert error={error} />
      </form>
      {result ? <ExpansionSummary expansion={result} /> : null}
    </>
  );
}

export function ExpansionSection() {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const expansions = useExpansions();

  return (
    <section className="page-section" aria-labelledby={`${id}-expansion`}>
      <h2 id={`${id}-expansion`}>{t('analyticsProgram.expansion.heading')}</h2>
      <p className="muted">{t('analyticsProgram.expansion.intro')}</p>
      <ExpansionForm onDone={expansions.reload} />
      <h3>{t('analyticsProgram.expansion.made')}</h3>
      <DataState resource={expansions}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">{t('analyticsProgram.expansion.none')}</p>
          ) : (
            <ul>
              {page.items.map((item) => (
                <li key={item.id ?? item.target.code}>
                  {t('analyticsProgram.expansion.madeItem', {
                    source: item.source.name,
                    target: `${item.target.name} (${item.target.code})`,
                    date: item.createdAt ? af.date(item.createdAt) : af.none,
                  })}
                </li>
              ))}
            </ul>
          )
        }
      </DataState>
    </section>
  );
}
