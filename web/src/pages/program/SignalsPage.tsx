import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  clearFinding,
  detectNow,
  type Finding,
  FINDING_STATUSES,
  type FindingStatus,
  useFatigue,
  useFindings,
} from '../../api/signals';
import { clearRiskFlag, type RiskFlag, useRiskFlags } from '../../api/rewards';
import { announce } from '../../components/announcer';
import { ConfirmButton } from '../../components/ConfirmButton';
import { GamificationError } from '../../components/gamification/GamificationError';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/useFormat';

/** Active members by week and the fatigue warnings of the community, challenges and rewards. */
function FatiguePanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const fatigue = useFatigue();
  const data = fatigue.data;
  return (
    <section className="card page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('gamification.signals.fatigue')}</h2>
      {fatigue.loading && !data ? <Loading /> : null}
      <GamificationError error={fatigue.error} onRetry={fatigue.reload} />
      {data ? (
        <>
          <div className="table-wrap">
            <table>
              <caption>{t('gamification.signals.activeMembers')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gamification.signals.week')}</th>
                  <th scope="col">{t('gamification.signals.members')}</th>
                </tr>
              </thead>
              <tbody>
                {data.weeks.map((week, index) => (
                  <tr key={week}>
                    <td>{format.date(week)}</td>
                    <td>{format.number(data.activeMembers.counts[index] ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('gamification.signals.warnings')}</h3>
          {data.warnings.length === 0 ? (
            <p className="muted">{t('gamification.signals.noWarnings')}</p>
          ) : (
            <ul className="compact-list" aria-label={t('gamification.signals.warnings')}>
              {data.warnings.map((warning) => (
                <li key={`${warning.subjectType}-${warning.subjectId ?? ''}-${warning.metric}`}>
                  <strong>{warning.subjectName}</strong>: {warning.message}{' '}
                  <span className="muted">({format.percent(warning.change)})</span>
                </li>
              ))}
            </ul>
          )}
          {data.warningCount > data.warnings.length ? (
            <p className="muted small">
              {t('gamification.signals.moreWarnings', {
                count: format.number(data.warningCount - data.warnings.length),
              })}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function FindingCard({
  finding,
  onChanged,
}: {
  finding: Finding;
  onChanged: (changed: Finding) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [note, setNote] = useState('');
  // A refusal shows in the confirmation step that asked for it.
  const clear = async (userId?: string) => {
    const changed = await clearFinding(finding.id, note, userId);
    announce(t('gamification.signals.cleared'));
    setNote('');
    onChanged(changed);
  };
  const title = t(`gamification.signals.kinds.${finding.kind}`);
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {title}: {finding.members.map((member) => `@${member.username}`).join(', ')}
      </h3>
      <p className="meta">
        <StatusBadge
          tone={finding.status === 'open' ? 'warn' : 'neutral'}
          text={t(`gamification.signals.statuses.${finding.status}`)}
        />
        <span>
          {t('gamification.signals.seen', {
            from: format.dateTime(finding.firstSeenAt),
            to: format.dateTime(finding.lastSeenAt),
          })}
        </span>
      </p>
      <p>{finding.summary}</p>
      <ul className="compact-list" aria-label={t('gamification.signals.membersOf', { title })}>
        {finding.members.map((member) => (
          <li key={member.userId}>
            @{member.username} ({t(`gamification.signals.roles.${member.role}`)}){' '}
            {member.flagged && !member.clearedAt ? (
              <StatusBadge tone="bad" text={t('gamification.signals.flagged')} />
            ) : null}
            {member.clearedAt ? (
              <span className="muted">{t('gamification.signals.memberCleared')}</span>
            ) : null}
            {finding.status === 'open' && !member.clearedAt && finding.members.length > 1 ? (
              <ConfirmButton
                label={t('gamification.signals.clearMember', { username: member.username })}
                question={t('gamification.signals.clearMemberQuestion', {
                  username: member.username,
                })}
                confirmLabel={t('gamification.signals.clearYes')}
                run={() => clear(member.userId)}
                small
              />
            ) : null}
          </li>
        ))}
      </ul>
      {finding.clearNote ? (
        <p>
          {t('gamification.signals.clearNote')} {finding.clearNote}
        </p>
      ) : null}
      {finding.status === 'open' ? (
        <div className="stack">
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('gamification.signals.note')}</label>
            <input
              id={`${id}-note`}
              type="text"
              maxLength={1000}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <ConfirmButton
            label={t('gamification.signals.clear')}
            question={t('gamification.signals.clearQuestion')}
            confirmLabel={t('gamification.signals.clearYes')}
            run={() => clear()}
          />
        </div>
      ) : null}
    </article>
  );
}

/** Members flagged as risky (by a finding or by a manager), with "Clear flag". */
function RiskFlagsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const flags = useRiskFlags();
  const handleClear = async (flag: RiskFlag) => {
    await clearRiskFlag(flag.id);
    announce(t('gamification.signals.flagCleared', { username: flag.username }));
    flags.setItems((items) => items.filter((item) => item.id !== flag.id));
  };
  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('gamification.signals.riskFlags')}</h2>
      <p className="muted">{t('gamification.signals.riskFlagsIntro')}</p>
      {flags.loading ? <Loading /> : null}
      {flags.items.length === 0 ? (
        <GamificationError error={flags.error} onRetry={flags.reload} />
      ) : null}
      {!flags.loading && !flags.error && flags.items.length === 0 ? (
        <p className="muted">{t('gamification.signals.noFlags')}</p>
      ) : null}
      <ul className="plain-list" aria-label={t('gamification.signals.riskFlags')}>
        {flags.items.map((flag) => (
          <li key={flag.id} className="card">
            <strong>@{flag.username}</strong>{' '}
            <span className="muted small">{format.dateTime(flag.createdAt)}</span>
            <p>{flag.reason}</p>
            <ConfirmButton
              label={t('gamification.signals.clearFlag', { username: flag.username })}
              question={t('gamification.signals.clearFlagQuestion', { username: flag.username })}
              confirmLabel={t('gamification.signals.clearYes')}
              run={() => handleClear(flag)}
              small
            />
          </li>
        ))}
      </ul>
      <LoadMore paged={flags} />
    </section>
  );
}

function isStatus(value: string): value is FindingStatus {
  return (FINDING_STATUSES as readonly string[]).includes(value);
}

/**
 * Fatigue and gaming (managers): weekly activity with fatigue warnings; farming findings with
 * their members and flags, a detection run now, and clearing a finding or one member's flag.
 */
export function SignalsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [status, setStatus] = useState<FindingStatus | ''>('open');
  const findings = useFindings(status);

  const handleDetect = async () => {
    const result = await detectNow();
    announce(
      t('gamification.signals.detected', {
        raised: format.number(result.raised.length),
        updated: format.number(result.updated),
      }),
    );
    findings.reload();
  };

  const handleChanged = (changed: Finding) =>
    findings.setItems((items) =>
      status === '' || changed.status === status
        ? items.map((item) => (item.id === changed.id ? changed : item))
        : items.filter((item) => item.id !== changed.id),
    );

  return (
    <>
      <PageTitle title={t('gamification.signals.title')} />
      <div className="page-head">
        <h1>{t('gamification.signals.title')}</h1>
        <ProgramNav />
      </div>
      <FatiguePanel />
      <section className="page-section" aria-labelledby={`${id}-findings`}>
        <h2 id={`${id}-findings`}>{t('gamification.signals.findings')}</h2>
        <div className="filter-bar">
          <div className="field">
            <label htmlFor={`${id}-status`}>{t('common.status')}</label>
            <select
              id={`${id}-status`}
              value={status}
              onChange={(event) => {
                const value = event.target.value;
                setStatus(isStatus(value) ? value : '');
              }}
            >
              <option value="">{t('common.allStatuses')}</option>
              {FINDING_STATUSES.map((item) => (
                <option key={item} value={item}>
                  {t(`gamification.signals.statuses.${item}`)}
                </option>
              ))}
            </select>
          </div>
          <ConfirmButton
            label={t('gamification.signals.detect')}
            question={t('gamification.signals.detectQuestion')}
            confirmLabel={t('gamification.signals.detectYes')}
            run={handleDetect}
          />
        </div>
        {findings.loading ? <Loading /> : null}
        {findings.items.length === 0 ? (
          <GamificationError error={findings.error} onRetry={findings.reload} />
        ) : null}
        {!findings.loading && !findings.error && findings.items.length === 0 ? (
          <p className="muted">{t('gamification.signals.noFindings')}</p>
        ) : null}
        <div className="stack">
          {findings.items.map((finding) => (
            <FindingCard key={finding.id} finding={finding} onChanged={handleChanged} />
          ))}
        </div>
        <LoadMore paged={findings} />
      </section>
      <RiskFlagsPanel />
    </>
  );
}
