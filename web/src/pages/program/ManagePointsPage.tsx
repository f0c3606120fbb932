import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, seg } from '../../api/client';
import {
  type Balances,
  changePoints,
  type Reconciliation,
  runReconciliation,
} from '../../api/gamification';
import { isRetryable, newIdempotencyKey } from '../../api/idempotent';
import type { Profile } from '../../api/types';
import { toApiError } from '../../api/useResource';
import { announce } from '../../components/announcer';
import { describedBy, FormField } from '../../components/gamification/FormField';
import { GamificationError } from '../../components/gamification/GamificationError';
import { numberProblems, wholeOrNull } from '../../components/gamification/numbers';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { useProgramForm } from '../../components/gamification/useProgramForm';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

type Kind = 'award' | 'adjustment';

/** `{ [field]: value }`, or nothing when the value is null. */
function withValue<K extends string>(field: K, value: number | null): Partial<Record<K, number>> {
  return value === null ? {} : ({ [field]: value } as Record<K, number>);
}

/**
 * Awards points to a member or corrects their points, named by username. One Idempotency-Key
 * per change: a retry after a failure on the way sends the same key, so it pays once.
 */
function ManualChangeForm() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [kind, setKind] = useState<Kind>('award');
  const [username, setUsername] = useState('');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [expiresInDays, setExpiresInDays] = useState('');
  const [allowNegative, setAllowNegative] = useState(false);
  const [result, setResult] = useState<{ username: string; balances: Balances } | null>(null);
  const keyRef = useRef<string | null>(null);
  const form = useProgramForm();

  // Any change to the form makes it a different request, which needs a new key.
  const edit =
    <T,>(setter: (value: T) => void) =>
    (value: T) => {
      keyRef.current = null;
      setter(value);
    };

  const handleSubmit = form.submit(
    id,
    () => ({
      ...(username.trim() === '' ? { username: 'required' as const } : {}),
      ...(reason.trim() === '' ? { reason: 'required' as const } : {}),
      ...numberProblems({
        points: { value: wholeOrNull(points), required: true },
        expiresInDays: { value: kind === 'award' ? wholeOrNull(expiresInDays) : null },
      }),
    }),
    async () => {
      const name = username.trim().replace(/^@/, '');
      const member = await apiGet<Profile>(`/users/${seg(name)}`);
      keyRef.current ??= newIdempotencyKey();
      try {
        const answer = await changePoints(
          kind,
          {
            userId: member.id,
            points: wholeOrNull(points) ?? 0,
            reason: reason.trim(),
            // An empty expiry is left out (never expires): the API would read null as 0 days.
            ...(kind === 'award'
              ? withValue('expiresInDays', wholeOrNull(expiresInDays))
              : { allowNegative }),
          },
          keyRef.current,
        );
        keyRef.current = null;
        setResult({ username: member.username, balances: answer.balances });
        announce(
          t(kind === 'award' ? 'gamification.manual.awarded' : 'gamification.manual.adjusted', {
            username: member.username,
            spendable: format.number(answer.balances.spendable),
          }),
        );
        setPoints('');
        setReason('');
      } catch (caught) {
        if (!isRetryable(toApiError(caught))) {
          keyRef.current = null;
        }
        throw caught;
      }
    },
  );

  return (
    <section className="card page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('gamification.manual.title')}</h2>
      <form
        className="stack"
        aria-labelledby={`${id}-title`}
        noValidate
        onSubmit={(event) => void handleSubmit(event)}
      >
        <fieldset className="checkbox-group">
          <legend>{t('gamification.manual.kind')}</legend>
          {(['award', 'adjustment'] as const).map((option) => (
            <div className="checkbox-field" key={option}>
              <input
                id={`${id}-kind-${option}`}
                type="radio"
                name={`${id}-kind`}
                checked={kind === option}
                onChange={() => edit(setKind)(option)}
              />
              <label htmlFor={`${id}-kind-${option}`}>{t(`gamification.manual.${option}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="field-row">
          <FormField
            id={`${id}-username`}
            label={t('gamification.manual.username')}
            error={form.errorOf('username') ?? form.errorOf('userId')}
          >
            <input
              id={`${id}-username`}
              type="text"
              autoComplete="off"
              value={username}
              {...describedBy(
                `${id}-username`,
                undefined,
                form.errorOf('username') ?? form.errorOf('userId'),
              )}
              onChange={(event) => edit(setUsername)(event.target.value)}
            />
          </FormField>
          <FormField
            id={`${id}-points`}
            label={t('gamification.manual.points')}
            hint={kind === 'adjustment' ? t('gamification.manual.pointsHint') : undefined}
            error={form.errorOf('points')}
          >
            <input
              id={`${id}-points`}
              type="text"
              inputMode="numeric"
              value={points}
              {...describedBy(
                `${id}-points`,
                kind === 'adjustment' ? 'hint' : undefined,
                form.errorOf('points'),
              )}
              onChange={(event) => edit(setPoints)(event.target.value)}
            />
          </FormField>
          {kind === 'award' ? (
            <FormField
              id={`${id}-expiresInDays`}
              label={t('gamification.manual.expiresInDays')}
              hint={t('gamification.rules.emptyNever')}
              error={form.errorOf('expiresInDays')}
            >
              <input
                id={`${id}-expiresInDays`}
                type="text"
                inputMode="numeric"
                value={expiresInDays}
                {...describedBy(`${id}-expiresInDays`, 'hint', form.errorOf('expiresInDays'))}
                onChange={(event) => edit(setExpiresInDays)(event.target.value)}
              />
            </FormField>
          ) : null}
        </div>
        <FormField
          id={`${id}-reason`}
          label={t('gamification.manual.reason')}
          error={form.errorOf('reason')}
        >
          <input
            id={`${id}-reason`}
            type="text"
            maxLength={200}
            value={reason}
            {...describedBy(`${id}-reason`, undefined, form.errorOf('reason'))}
            onChange={(event) => edit(setReason)(event.target.value)}
          />
        </FormField>
        {kind === 'adjustment' ? (
          <div className="checkbox-field">
            <input
              id={`${id}-negative`}
              type="checkbox"
              checked={allowNegative}
              onChange={(event) => edit(setAllowNegative)(event.target.checked)}
            />
            <label htmlFor={`${id}-negative`}>{t('gamification.manual.allowNegative')}</label>
          </div>
        ) : null}
        <button type="submit" className="button primary" disabled={form.pending}>
          {kind === 'award'
            ? t('gamification.manual.submitAward')
            : t('gamification.manual.submitAdjust')}
        </button>
        <GamificationError error={form.error} />
      </form>
      {result ? (
        <p>
          {t('gamification.manual.result', {
            username: result.username,
            spendable: format.number(result.balances.spendable),
            lifetime: format.number(result.balances.lifetime),
          })}
        </p>
      ) : null}
    </section>
  );
}

/** Runs the reconciliation: every balance against the sum of its entries. */
function ReconciliationPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [report, setReport] = useState<Reconciliation | null>(null);
  const form = useProgramForm();
  const handleSubmit = form.submit(
    id,
    () => ({}),
    async () => {
      const answer = await runReconciliation();
      setReport(answer);
      announce(
        answer.drift.length === 0
          ? t('gamification.reconciliation.clean')
          : t('gamification.reconciliation.drift', { count: answer.drift.length }),
      );
    },
  );
  return (
    <section className="card page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('gamification.reconciliation.title')}</h2>
      <p className="muted">{t('gamification.reconciliation.intro')}</p>
      <form onSubmit={(event) => void handleSubmit(event)}>
        <button type="submit" className="button" disabled={form.pending}>
          {t('gamification.reconciliation.run')}
        </button>
      </form>
      <GamificationError error={form.error} />
      {report ? (
        <div role="region" aria-label={t('gamification.reconciliation.result')}>
          <dl className="figures">
            <div>
              <dt>{t('gamification.reconciliation.members')}</dt>
              <dd>{format.number(report.membersChecked)}</dd>
            </div>
            <div>
              <dt>{t('gamification.reconciliation.entries')}</dt>
              <dd>{format.number(report.entriesChecked)}</dd>
            </div>
            <div>
              <dt>{t('gamification.reconciliation.differences')}</dt>
              <dd>{format.number(report.drift.length)}</dd>
            </div>
          </dl>
          <p>
            {report.drift.length === 0
              ? t('gamification.reconciliation.clean')
              : t('gamification.reconciliation.drift', { count: report.drift.length })}{' '}
            <span className="muted small">{format.dateTime(report.checkedAt)}</span>
          </p>
          {report.drift.length > 0 ? (
            <div className="table-wrap">
              <table>
                <caption>{t('gamification.reconciliation.differences')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('gamification.reconciliation.member')}</th>
                    <th scope="col">{t('gamification.reconciliation.field')}</th>
                    <th scope="col">{t('gamification.reconciliation.recorded')}</th>
                    <th scope="col">{t('gamification.reconciliation.fromEntries')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.drift.map((row) => (
                    <tr key={`${row.userId}-${row.field}`}>
                      <td className="mono">{row.userId}</td>
                      <td>{row.field}</td>
                      <td>{format.number(row.recorded)}</td>
                      <td>{format.number(row.fromEntries)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Managers: manual awards and adjustments, and the reconciliation report. */
export function ManagePointsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('gamification.manual.pageTitle')} />
      <div className="page-head">
        <h1>{t('gamification.manual.pageTitle')}</h1>
        <ProgramNav />
      </div>
      <ManualChangeForm />
      <ReconciliationPanel />
    </>
  );
}
