import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_KINDS,
  archiveBadge,
  type Badge,
  BADGE_CRITERIA,
  BADGE_TIERS,
  type BadgeCriterion,
  type BadgeTier,
  type Challenge,
  challengeAction,
  createBadge,
  createChallenge,
  STEP_KINDS,
  type StepKind,
  useBadges,
  useManagedChallenges,
} from '../../api/gamification';
import { announce } from '../../components/announcer';
import { ConfirmButton } from '../../components/ConfirmButton';
import { describedBy, FormField } from '../../components/gamification/FormField';
import { GamificationError } from '../../components/gamification/GamificationError';
import { numberProblems, wholeOrNull } from '../../components/gamification/numbers';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { useProgramForm } from '../../components/gamification/useProgramForm';
import { HandbookLink } from '../../components/HandbookLink';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/useFormat';

interface BadgeDraft {
  key: string;
  name: string;
  description: string;
  criterion: BadgeCriterion;
  activityKind: string;
  tier: BadgeTier;
  threshold: string;
  points: string;
}

const EMPTY_BADGE: BadgeDraft = {
  key: '',
  name: '',
  description: '',
  criterion: 'count',
  activityKind: 'post_published',
  tier: 'bronze',
  threshold: '1',
  points: '0',
};

function NewBadgeForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<BadgeDraft>(EMPTY_BADGE);
  const form = useProgramForm();
  const set = (change: Partial<BadgeDraft>) => setDraft({ ...draft, ...change });
  const needsKind = draft.criterion === 'count' || draft.criterion === 'first';
  const handleSubmit = form.submit(
    id,
    () => ({
      ...(draft.key.trim() === '' ? { key: 'required' as const } : {}),
      ...(draft.name.trim() === '' ? { name: 'required' as const } : {}),
      ...numberProblems({
        threshold: { value: wholeOrNull(draft.threshold), required: true },
        points: { value: wholeOrNull(draft.points), required: true },
      }),
    }),
    async () => {
      const created = await createBadge({
        key: draft.key.trim(),
        name: draft.name.trim(),
        description: draft.description,
        criterion: draft.criterion,
        ...(needsKind ? { activityKind: draft.activityKind } : {}),
        tiers: [
          {
            tier: draft.tier,
            threshold: wholeOrNull(draft.threshold) ?? 1,
            points: wholeOrNull(draft.points) ?? 0,
          },
        ],
      });
      announce(t('gamification.badges.created', { name: created.name }));
      setDraft(EMPTY_BADGE);
      onCreated();
    },
  );
  const errorOf = (field: string) =>
    field === 'threshold' || field === 'points'
      ? (form.errorOf(field) ?? form.errorOf('tiers'))
      : form.errorOf(field);
  const text = (field: 'key' | 'name' | 'threshold' | 'points', label: string, hint?: string) => (
    <FormField id={`${id}-${field}`} label={label} hint={hint} error={errorOf(field)}>
      <input
        id={`${id}-${field}`}
        type="text"
        value={draft[field]}
        {...describedBy(`${id}-${field}`, hint, errorOf(field))}
        onChange={(event) => set({ [field]: event.target.value })}
      />
    </FormField>
  );
  return (
    <form
      className="stack card"
      aria-label={t('gamification.badges.addTitle')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <h3>{t('gamification.badges.addTitle')}</h3>
      <div className="field-row">
        {text('key', t('gamification.badges.key'), t('gamification.badges.keyHint'))}
        {text('name', t('gamification.badges.name'))}
      </div>
      <FormField id={`${id}-description`} label={t('gamification.badges.description')}>
        <input
          id={`${id}-description`}
          type="text"
          value={draft.description}
          onChange={(event) => set({ description: event.target.value })}
        />
      </FormField>
      <div className="field-row">
        <FormField id={`${id}-criterion`} label={t('gamification.badges.criterion')}>
          <select
            id={`${id}-criterion`}
            value={draft.criterion}
            onChange={(event) =>
              set({
                criterion:
                  BADGE_CRITERIA.find((item) => item === event.target.value) ?? draft.criterion,
              })
            }
          >
            {BADGE_CRITERIA.map((criterion) => (
              <option key={criterion} value={criterion}>
                {t(`gamification.badges.criteria.${criterion}`)}
              </option>
            ))}
          </select>
        </FormField>
        {needsKind ? (
          <FormField
            id={`${id}-activityKind`}
            label={t('gamification.rules.eventKind')}
            error={errorOf('activityKind')}
          >
            <select
              id={`${id}-activityKind`}
              value={draft.activityKind}
              {...describedBy(`${id}-activityKind`, undefined, errorOf('activityKind'))}
              onChange={(event) => set({ activityKind: event.target.value })}
            >
              {ACTIVITY_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`gamification.activityKinds.${kind}`)}
                </option>
              ))}
            </select>
          </FormField>
        ) : null}
        <FormField id={`${id}-tier`} label={t('gamification.badges.tier')}>
          <select
            id={`${id}-tier`}
            value={draft.tier}
            onChange={(event) =>
              set({ tier: BADGE_TIERS.find((item) => item === event.target.value) ?? draft.tier })
            }
          >
            {BADGE_TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {t(`gamification.tiers.${tier}`)}
              </option>
            ))}
          </select>
        </FormField>
        {text('threshold', t('gamification.badges.threshold'))}
        {text('points', t('gamification.badges.points'))}
      </div>
      <button type="submit" className="button primary" disabled={form.pending}>
        {t('gamification.badges.add')}
      </button>
      <GamificationError error={form.error} />
    </form>
  );
}

function BadgeRow({ badge, onChanged }: { badge: Badge; onChanged: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const handleArchive = async () => {
    await archiveBadge(badge.id);
    announce(t('gamification.badges.archived', { name: badge.name }));
    onChanged();
  };
  return (
    <li className="card">
      <strong>{badge.name}</strong> <code>{badge.key}</code>{' '}
      <span className="meta">
        <span>{t(`gamification.badges.criteria.${badge.criterion}`)}</span>
        {badge.tiers.map((tier) => (
          <span key={tier.tier}>
            {t('gamification.badges.tierLine', {
              tier: t(`gamification.tiers.${tier.tier}`),
              threshold: format.number(tier.threshold),
              points: format.number(tier.points),
            })}
          </span>
        ))}
        {badge.status === 'archived' ? <span>{t('gamification.catalog.isArchived')}</span> : null}
      </span>
      {badge.status === 'active' ? (
        <ConfirmButton
          label={t('gamification.badges.archive')}
          question={t('gamification.badges.archiveQuestion', { name: badge.name })}
          confirmLabel={t('gamification.catalog.archiveYes')}
          run={handleArchive}
          danger
          small
        />
      ) : null}
    </li>
  );
}

interface ChallengeDraft {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  stepTitle: string;
  stepKind: StepKind;
  activityKind: string;
  requiredCount: string;
  prizePoints: string;
  disclosureText: string;
}

const EMPTY_CHALLENGE: ChallengeDraft = {
  title: '',
  description: '',
  startsAt: '',
  endsAt: '',
  stepTitle: '',
  stepKind: 'online',
  activityKind: 'post_published',
  requiredCount: '1',
  prizePoints: '',
  disclosureText: '',
};

function NewChallengeForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<ChallengeDraft>(EMPTY_CHALLENGE);
  const form = useProgramForm();
  const set = (change: Partial<ChallengeDraft>) => setDraft({ ...draft, ...change });
  const handleSubmit = form.submit(
    id,
    () => ({
      ...(draft.title.trim() === '' ? { title: 'required' as const } : {}),
      ...(draft.startsAt === '' ? { startsAt: 'required' as const } : {}),
      ...(draft.endsAt === '' ? { endsAt: 'required' as const } : {}),
      ...(draft.stepTitle.trim() === '' ? { stepTitle: 'required' as const } : {}),
      ...numberProblems({
        requiredCount: { value: wholeOrNull(draft.requiredCount), required: true },
        prizePoints: { value: wholeOrNull(draft.prizePoints) },
      }),
    }),
    async () => {
      const prize = wholeOrNull(draft.prizePoints);
      const created = await createChallenge({
        title: draft.title.trim(),
        description: draft.description,
        startsAt: draft.startsAt.slice(0, 16),
        endsAt: draft.endsAt.slice(0, 16),
        steps: [
          {
            title: draft.stepTitle.trim(),
            kind: draft.stepKind,
            activityKind: draft.activityKind,
            requiredCount: wholeOrNull(draft.requiredCount) ?? 1,
          },
        ],
        // Empty fields are left out: the API would read a null prize as 0.
        ...(prize !== null ? { prizePoints: prize } : {}),
        ...(draft.disclosureText.trim() ? { disclosureText: draft.disclosureText.trim() } : {}),
      });
      announce(t('gamification.challengeAdmin.created', { title: created.title }));
      setDraft(EMPTY_CHALLENGE);
      onCreated();
    },
  );
  const errorOf = (field: string) =>
    field === 'stepTitle' || field === 'requiredCount'
      ? (form.errorOf(field) ?? form.errorOf('steps'))
      : form.errorOf(field);
  const input = (
    field: keyof ChallengeDraft,
    label: string,
    type: 'text' | 'datetime-local' = 'text',
    hint?: string,
  ) => (
    <FormField id={`${id}-${field}`} label={label} hint={hint} error={errorOf(field)}>
      <input
        id={`${id}-${field}`}
        type={type}
        value={draft[field]}
        {...describedBy(`${id}-${field}`, hint, errorOf(field))}
        onChange={(event) => set({ [field]: event.target.value })}
      />
    </FormField>
  );
  return (
    <form
      className="stack card"
      aria-label={t('gamification.challengeAdmin.addTitle')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <h3>{t('gamification.challengeAdmin.addTitle')}</h3>
      <div className="field-row">
        {input('title', t('gamification.challengeAdmin.titleField'))}
        {input('description', t('gamification.challengeAdmin.description'))}
      </div>
      <div className="field-row">
        {input(
          'startsAt',
          t('gamification.challengeAdmin.startsAt'),
          'datetime-local',
          t('gamification.challengeAdmin.localTime'),
        )}
        {input('endsAt', t('gamification.challengeAdmin.endsAt'), 'datetime-local')}
      </div>
      <div className="field-row">
        {input('stepTitle', t('gamification.challengeAdmin.stepTitle'))}
        <FormField id={`${id}-stepKind`} label={t('gamification.challengeAdmin.stepKind')}>
          <select
            id={`${id}-stepKind`}
            value={draft.stepKind}
            onChange={(event) =>
              set({
                stepKind: STEP_KINDS.find((item) => item === event.target.value) ?? draft.stepKind,
              })
            }
          >
            {STEP_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`gamification.stepKinds.${kind}`)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={`${id}-activityKind`} label={t('gamification.rules.eventKind')}>
          <select
            id={`${id}-activityKind`}
            value={draft.activityKind}
            onChange={(event) => set({ activityKind: event.target.value })}
          >
            {ACTIVITY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`gamification.activityKinds.${kind}`)}
              </option>
            ))}
          </select>
        </FormField>
        {input('requiredCount', t('gamification.challengeAdmin.requiredCount'))}
      </div>
      <div className="field-row">
        {input('prizePoints', t('gamification.challengeAdmin.prizePoints'))}
        {input(
          'disclosureText',
          t('gamification.challengeAdmin.disclosureText'),
          'text',
          t('gamification.challengeAdmin.disclosureHint'),
        )}
      </div>
      <button type="submit" className="button primary" disabled={form.pending}>
        {t('gamification.challengeAdmin.add')}
      </button>
      <GamificationError error={form.error} />
    </form>
  );
}

function ChallengeRow({
  challenge,
  onChanged,
}: {
  challenge: Challenge;
  onChanged: (changed: Challenge) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const act = (action: 'publish' | 'archive') => async () => {
    const changed = await challengeAction(challenge.id, action);
    announce(
      action === 'publish'
        ? t('gamification.challengeAdmin.published', { title: challenge.title })
        : t('gamification.challengeAdmin.archived', { title: challenge.title }),
    );
    onChanged(changed);
  };
  return (
    <li className="card">
      <strong>{challenge.title}</strong>{' '}
      <span className="meta">
        <StatusBadge
          tone={challenge.status === 'published' ? 'good' : 'neutral'}
          text={t(`gamification.challengeStates.${challenge.state}`)}
        />
        <span>
          {t('gamification.challenges.window', {
            from: format.dateTime(challenge.startsAt),
            to: format.dateTime(challenge.endsAt),
          })}
        </span>
        {challenge.prizePoints !== null ? (
          <span>
            {t('gamification.challenges.prize', { points: format.number(challenge.prizePoints) })}
          </span>
        ) : null}
      </span>
      {challenge.disclosure?.required ? (
        <p className="small">
          {t('gamification.challengeAdmin.reminderIs')} {challenge.disclosure.reminder}
        </p>
      ) : null}
      <div className="actions">
        {challenge.status === 'draft' ? (
          <ConfirmButton
            label={t('gamification.challengeAdmin.publish')}
            question={t('gamification.challengeAdmin.publishQuestion', { title: challenge.title })}
            confirmLabel={t('gamification.challengeAdmin.publishYes')}
            run={act('publish')}
            small
          />
        ) : null}
        {challenge.status !== 'archived' ? (
          <ConfirmButton
            label={t('gamification.challengeAdmin.archive')}
            question={t('gamification.challengeAdmin.archiveQuestion', { title: challenge.title })}
            confirmLabel={t('gamification.catalog.archiveYes')}
            run={act('archive')}
            danger
            small
          />
        ) : null}
      </div>
    </li>
  );
}

/** Badges and challenges (managers): lists, new ones, publish, archive. */
export function AchievementsPage() {
  const { t } = useTranslation();
  const id = useId();
  const badges = useBadges(true);
  const challenges = useManagedChallenges();
  const handleChallenge = (changed: Challenge) =>
    challenges.setItems((items) => items.map((item) => (item.id === changed.id ? changed : item)));
  return (
    <>
      <PageTitle title={t('gamification.badges.pageTitle')} />
      <div className="page-head">
        <h1>{t('gamification.badges.pageTitle')}</h1>
        <ProgramNav />
      </div>
      <section className="page-section" aria-labelledby={`${id}-badges`}>
        <h2 id={`${id}-badges`}>{t('gamification.badges.title')}</h2>
        <NewBadgeForm onCreated={badges.reload} />
        {badges.loading ? <Loading /> : null}
        {badges.items.length === 0 ? (
          <GamificationError error={badges.error} onRetry={badges.reload} />
        ) : null}
        {!badges.loading && !badges.error && badges.items.length === 0 ? (
          <p className="muted">{t('gamification.badges.empty')}</p>
        ) : null}
        <ul className="plain-list" aria-label={t('gamification.badges.title')}>
          {badges.items.map((badge) => (
            <BadgeRow key={`${badge.id}-${badge.status}`} badge={badge} onChanged={badges.reload} />
          ))}
        </ul>
        <LoadMore paged={badges} />
      </section>
      <section className="page-section" aria-labelledby={`${id}-challenges`}>
        <h2 id={`${id}-challenges`}>{t('gamification.challengeAdmin.title')}</h2>
        <HandbookLink section="challenges" />
        <NewChallengeForm onCreated={challenges.reload} />
        {challenges.loading ? <Loading /> : null}
        {challenges.items.length === 0 ? (
          <GamificationError error={challenges.error} onRetry={challenges.reload} />
        ) : null}
        {!challenges.loading && !challenges.error && challenges.items.length === 0 ? (
          <p className="muted">{t('gamification.challengeAdmin.empty')}</p>
        ) : null}
        <ul className="plain-list" aria-label={t('gamification.challengeAdmin.title')}>
          {challenges.items.map((challenge) => (
            <ChallengeRow key={challenge.id} challenge={challenge} onChanged={handleChallenge} />
          ))}
        </ul>
        <LoadMore paged={challenges} />
      </section>
    </>
  );
}
