import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  archiveReward,
  createReward,
  FULFILMENTS_BY_KIND,
  type Fulfilment,
  LIMIT_PERIODS,
  type LimitPeriod,
  type ManagedReward,
  REWARD_KINDS,
  type RewardKind,
  saveRewardSettings,
  updateReward,
  useManagedRewards,
  useRewardSettings,
} from '../../api/rewards';
import { announce } from '../../components/announcer';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CodeUpload } from '../../components/gamification/CodeUpload';
import { describedBy, FormField } from '../../components/gamification/FormField';
import { GamificationError } from '../../components/gamification/GamificationError';
import { fieldText, numberProblems, wholeOrNull } from '../../components/gamification/numbers';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { useProgramForm } from '../../components/gamification/useProgramForm';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

/** The value above which every redemption waits for a manager. */
function ApprovalSettings() {
  const { t } = useTranslation();
  const id = useId();
  const settings = useRewardSettings();
  const [text, setText] = useState<string | null>(null);
  const form = useProgramForm();
  const value = text ?? fieldText(settings.data?.approvalAbovePoints);
  const handleSubmit = form.submit(
    id,
    () => numberProblems({ approvalAbovePoints: { value: wholeOrNull(value) } }),
    async () => {
      const saved = await saveRewardSettings({ approvalAbovePoints: wholeOrNull(value) });
      settings.setData(saved);
      setText(null);
      announce(t('gamification.catalog.settingsSaved'));
    },
  );
  return (
    <section className="card page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('gamification.catalog.settings')}</h2>
      {settings.loading ? <Loading /> : null}
      <GamificationError error={settings.error} onRetry={settings.reload} />
      {settings.data ? (
        <form className="stack" noValidate onSubmit={(event) => void handleSubmit(event)}>
          <FormField
            id={`${id}-approvalAbovePoints`}
            label={t('gamification.catalog.approvalAbove')}
            hint={t('gamification.catalog.approvalAboveHint')}
            error={form.errorOf('approvalAbovePoints')}
          >
            <input
              id={`${id}-approvalAbovePoints`}
              type="text"
              inputMode="numeric"
              value={value}
              {...describedBy(
                `${id}-approvalAbovePoints`,
                'hint',
                form.errorOf('approvalAbovePoints'),
              )}
              onChange={(event) => setText(event.target.value)}
            />
          </FormField>
          <button type="submit" className="button primary" disabled={form.pending}>
            {t('gamification.catalog.saveSettings')}
          </button>
          <GamificationError error={form.error} />
        </form>
      ) : null}
    </section>
  );
}

interface RewardDraft {
  name: string;
  kind: RewardKind;
  fulfilment: Fulfilment;
  cost: string;
  stock: string;
  description: string;
  limitLifetime: string;
  limitPerPeriod: string;
  limitPeriod: LimitPeriod | '';
  approvalRequired: boolean;
}

const EMPTY_DRAFT: RewardDraft = {
  name: '',
  kind: 'physical',
  fulfilment: 'manual',
  cost: '',
  stock: '',
  description: '',
  limitLifetime: '',
  limitPerPeriod: '',
  limitPeriod: '',
  approvalRequired: false,
};

function NewRewardForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<RewardDraft>(EMPTY_DRAFT);
  const form = useProgramForm();
  const set = (change: Partial<RewardDraft>) => setDraft({ ...draft, ...change });

  const handleSubmit = form.submit(
    id,
    () => ({
      ...(draft.name.trim() === '' ? { name: 'required' as const } : {}),
      ...numberProblems({
        cost: { value: wholeOrNull(draft.cost), required: true },
        stock: { value: wholeOrNull(draft.stock) },
        limitLifetime: { value: wholeOrNull(draft.limitLifetime) },
        limitPerPeriod: { value: wholeOrNull(draft.limitPerPeriod) },
      }),
    }),
    async () => {
      const created = await createReward({
        name: draft.name.trim(),
        kind: draft.kind,
        fulfilment: draft.fulfilment,
        cost: wholeOrNull(draft.cost) ?? 0,
        stock: wholeOrNull(draft.stock),
        description: draft.description,
        limitLifetime: wholeOrNull(draft.limitLifetime),
        limitPerPeriod: wholeOrNull(draft.limitPerPeriod),
        limitPeriod: draft.limitPeriod === '' ? null : draft.limitPeriod,
        approvalRequired: draft.approvalRequired,
      });
      announce(t('gamification.catalog.created', { name: created.name }));
      setDraft(EMPTY_DRAFT);
      onCreated();
    },
  );

  const text = (field: keyof RewardDraft, label: string, hint?: string, numeric = true) => (
    <FormField id={`${id}-${field}`} label={label} hint={hint} error={form.errorOf(field)}>
      <input
        id={`${id}-${field}`}
        type="text"
        inputMode={numeric ? 'numeric' : undefined}
        value={String(draft[field])}
        {...describedBy(`${id}-${field}`, hint, form.errorOf(field))}
        onChange={(event) => set({ [field]: event.target.value })}
      />
    </FormField>
  );

  return (
    <section className="card page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('gamification.catalog.addTitle')}</h2>
      <form
        className="stack"
        aria-labelledby={`${id}-title`}
        noValidate
        onSubmit={(event) => void handleSubmit(event)}
      >
        <div className="field-row">
          {text('name', t('gamification.catalog.name'), undefined, false)}
          <FormField id={`${id}-kind`} label={t('gamification.catalog.kind')}>
            <select
              id={`${id}-kind`}
              value={draft.kind}
              onChange={(event) => {
                const kind = REWARD_KINDS.find((item) => item === event.target.value);
                if (kind) {
                  set({ kind, fulfilment: FULFILMENTS_BY_KIND[kind][0] ?? 'manual' });
                }
              }}
            >
              {REWARD_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`gamification.rewardKinds.${kind}`)}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id={`${id}-fulfilment`} label={t('gamification.catalog.fulfilment')}>
            <select
              id={`${id}-fulfilment`}
              value={draft.fulfilment}
              onChange={(event) => {
                const fulfilment = FULFILMENTS_BY_KIND[draft.kind].find(
                  (item) => item === event.target.value,
                );
                if (fulfilment) {
                  set({ fulfilment });
                }
              }}
            >
              {FULFILMENTS_BY_KIND[draft.kind].map((fulfilment) => (
                <option key={fulfilment} value={fulfilment}>
                  {t(`gamification.fulfilments.${fulfilment}`)}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <FormField
          id={`${id}-description`}
          label={t('gamification.catalog.description')}
          error={form.errorOf('description')}
        >
          <textarea
            id={`${id}-description`}
            rows={2}
            value={draft.description}
            {...describedBy(`${id}-description`, undefined, form.errorOf('description'))}
            onChange={(event) => set({ description: event.target.value })}
          />
        </FormField>
        <div className="field-row">
          {text('cost', t('gamification.catalog.cost'))}
          {text('stock', t('gamification.catalog.stock'), t('gamification.catalog.stockHint'))}
          {text('limitLifetime', t('gamification.catalog.limitLifetime'))}
          {text('limitPerPeriod', t('gamification.catalog.limitPerPeriod'))}
          <FormField
            id={`${id}-limitPeriod`}
            label={t('gamification.catalog.limitPeriod')}
            error={form.errorOf('limitPeriod')}
          >
            <select
              id={`${id}-limitPeriod`}
              value={draft.limitPeriod}
              {...describedBy(`${id}-limitPeriod`, undefined, form.errorOf('limitPeriod'))}
              onChange={(event) =>
                set({
                  limitPeriod: LIMIT_PERIODS.find((item) => item === event.target.value) ?? '',
                })
              }
            >
              <option value="">{t('gamification.catalog.noPeriod')}</option>
              {LIMIT_PERIODS.map((period) => (
                <option key={period} value={period}>
                  {t(`gamification.limitPeriods.${period}`)}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <div className="checkbox-field">
          <input
            id={`${id}-approval`}
            type="checkbox"
            checked={draft.approvalRequired}
            onChange={(event) => set({ approvalRequired: event.target.checked })}
          />
          <label htmlFor={`${id}-approval`}>{t('gamification.catalog.approvalRequired')}</label>
        </div>
        <button type="submit" className="button primary" disabled={form.pending}>
          {t('gamification.catalog.add')}
        </button>
        <GamificationError error={form.error} />
      </form>
    </section>
  );
}

/** One reward: its figures, stock and cost to change, its code pool, archive. */
function RewardCard({ reward, onChanged }: { reward: ManagedReward; onChanged: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [stock, setStock] = useState(fieldText(reward.stock));
  const [cost, setCost] = useState(String(reward.cost));
  const form = useProgramForm();
  const handleSave = form.submit(
    id,
    () =>
      numberProblems({
        stock: { value: wholeOrNull(stock) },
        cost: { value: wholeOrNull(cost), required: true },
      }),
    async () => {
      await updateReward(reward.id, { stock: wholeOrNull(stock), cost: wholeOrNull(cost) ?? 0 });
      announce(t('gamification.catalog.saved', { name: reward.name }));
      onChanged();
    },
  );
  const handleArchive = async () => {
    await archiveReward(reward.id);
    announce(t('gamification.catalog.archived', { name: reward.name }));
    onChanged();
  };
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{reward.name}</h3>
      <p className="meta">
        <span>{t(`gamification.rewardKinds.${reward.kind}`)}</span>
        <span>{t(`gamification.fulfilments.${reward.fulfilment}`)}</span>
        <span>{t('gamification.rewards.cost', { points: format.number(reward.cost) })}</span>
        <span>
          {reward.stock === null
            ? t('gamification.rewards.unlimited')
            : t('gamification.rewards.stockLeft', {
                count: reward.stock,
                formatted: format.number(reward.stock),
              })}
        </span>
        {reward.fulfilment === 'code_pool' ? (
          <span>
            {t('gamification.catalog.freeCodes', { count: format.number(reward.freeCodes) })}
          </span>
        ) : null}
        {reward.approvalRequired ? <span>{t('gamification.rewards.approvalNeeded')}</span> : null}
        {reward.archivedAt ? <span>{t('gamification.catalog.isArchived')}</span> : null}
      </p>
      {reward.archivedAt ? null : (
        <>
          <form
            className="field-row inline-form"
            aria-label={t('gamification.catalog.editLabel', { name: reward.name })}
            noValidate
            onSubmit={(event) => void handleSave(event)}
          >
            <FormField
              id={`${id}-stock`}
              label={t('gamification.catalog.stock')}
              error={form.errorOf('stock')}
            >
              <input
                id={`${id}-stock`}
                type="text"
                inputMode="numeric"
                value={stock}
                {...describedBy(`${id}-stock`, undefined, form.errorOf('stock'))}
                onChange={(event) => setStock(event.target.value)}
              />
            </FormField>
            <FormField
              id={`${id}-cost`}
              label={t('gamification.catalog.cost')}
              error={form.errorOf('cost')}
            >
              <input
                id={`${id}-cost`}
                type="text"
                inputMode="numeric"
                value={cost}
                {...describedBy(`${id}-cost`, undefined, form.errorOf('cost'))}
                onChange={(event) => setCost(event.target.value)}
              />
            </FormField>
            <div className="actions">
              <button type="submit" className="button" disabled={form.pending}>
                {t('gamification.catalog.save')}
              </button>
            </div>
          </form>
          <GamificationError error={form.error} />
          {reward.fulfilment === 'code_pool' ? (
            <CodeUpload rewardId={reward.id} rewardName={reward.name} />
          ) : null}
          <ConfirmButton
            label={t('gamification.catalog.archive')}
            question={t('gamification.catalog.archiveQuestion', { name: reward.name })}
            confirmLabel={t('gamification.catalog.archiveYes')}
            run={handleArchive}
            danger
            small
          />
        </>
      )}
    </article>
  );
}

/** The reward catalog for managers: approval settings, new rewards, stock, code pools. */
export function CatalogPage() {
  const { t } = useTranslation();
  const id = useId();
  const [archived, setArchived] = useState(false);
  const rewards = useManagedRewards(archived);
  return (
    <>
      <PageTitle title={t('gamification.catalog.title')} />
      <div className="page-head">
        <h1>{t('gamification.catalog.title')}</h1>
        <ProgramNav />
      </div>
      <ApprovalSettings />
      <NewRewardForm onCreated={rewards.reload} />
      <section className="page-section" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('gamification.catalog.rewards')}</h2>
        <div className="checkbox-field">
          <input
            id={`${id}-archived`}
            type="checkbox"
            checked={archived}
            onChange={(event) => setArchived(event.target.checked)}
          />
          <label htmlFor={`${id}-archived`}>{t('gamification.catalog.showArchived')}</label>
        </div>
        {rewards.loading ? <Loading /> : null}
        {rewards.items.length === 0 ? (
          <GamificationError error={rewards.error} onRetry={rewards.reload} />
        ) : null}
        {!rewards.loading && !rewards.error && rewards.items.length === 0 ? (
          <p className="muted">{t('gamification.catalog.empty')}</p>
        ) : null}
        <div className="stack">
          {rewards.items.map((reward) => (
            <RewardCard
              key={`${reward.id}-${reward.updatedAt}`}
              reward={reward}
              onChanged={rewards.reload}
            />
          ))}
        </div>
        <LoadMore paged={rewards} />
      </section>
    </>
  );
}
