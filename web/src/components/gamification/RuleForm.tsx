import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_KINDS,
  type ActivityKind,
  type Rule,
  type RuleInput,
  RULE_SCOPES,
  type RuleScope,
} from '../../api/gamification';
import type { Region, Space } from '../../api/types';
import { describedBy, FormField } from './FormField';
import { GamificationError } from './GamificationError';
import { decimalOrNull, fieldText, numberProblems, wholeOrNull } from './numbers';
import { useProgramForm } from './useProgramForm';

interface RuleDraft {
  name: string;
  eventKind: ActivityKind;
  scope: RuleScope;
  regionCode: string;
  spaceSlug: string;
  points: string;
  pointsPerCurrencyUnit: string;
  dailyCount: string;
  dailyPoints: string;
  cooldownSeconds: string;
  expiryDays: string;
  returnWindowDays: string;
  bonus: boolean;
  active: boolean;
  tierQualifying: boolean;
}

function draftOf(rule: Rule | null): RuleDraft {
  const settings = rule?.settings;
  return {
    name: rule?.name ?? '',
    eventKind: rule?.eventKind ?? 'post_published',
    scope: rule?.scope ?? 'tenant',
    regionCode: rule?.regionCode ?? '',
    spaceSlug: rule?.spaceSlug ?? '',
    points: fieldText(settings?.points),
    pointsPerCurrencyUnit: fieldText(settings?.pointsPerCurrencyUnit),
    dailyCount: fieldText(settings?.dailyCap?.count),
    dailyPoints: fieldText(settings?.dailyCap?.points),
    cooldownSeconds: fieldText(settings?.cooldownSeconds),
    expiryDays: fieldText(settings?.expiryDays),
    returnWindowDays: fieldText(settings?.returnWindowDays),
    bonus: rule?.bonus ?? false,
    active: rule?.active ?? true,
    tierQualifying: settings?.tierQualifying ?? true,
  };
}

/**
 * The request body. Empty fields are left out rather than sent as null: the rules API coerces a
 * null number to 0 (which would mean "expire at once" or "no cooldown" rather than "none"), so
 * an empty field keeps the default for a new rule and the current value for a change.
 */
function inputOf(draft: RuleDraft): RuleInput {
  const dailyCount = wholeOrNull(draft.dailyCount);
  const dailyPoints = wholeOrNull(draft.dailyPoints);
  const purchase = draft.eventKind === 'purchase';
  const input: RuleInput = {
    name: draft.name.trim(),
    eventKind: draft.eventKind,
    scope: draft.scope,
    bonus: draft.bonus,
    active: draft.active,
    tierQualifying: draft.tierQualifying,
  };
  if (draft.scope === 'region') {
    input.regionCode = draft.regionCode;
  }
  if (draft.scope === 'space') {
    input.spaceSlug = draft.spaceSlug;
  }
  const optional: [keyof RuleInput, number | null][] = purchase
    ? [
        ['pointsPerCurrencyUnit', decimalOrNull(draft.pointsPerCurrencyUnit)],
        ['returnWindowDays', wholeOrNull(draft.returnWindowDays)],
      ]
    : [['points', wholeOrNull(draft.points)]];
  optional.push(
    ['cooldownSeconds', wholeOrNull(draft.cooldownSeconds)],
    ['expiryDays', wholeOrNull(draft.expiryDays)],
  );
  for (const [field, value] of optional) {
    if (value !== null) {
      Object.assign(input, { [field]: value });
    }
  }
  if (dailyCount !== null || dailyPoints !== null) {
    input.dailyCap = {
      ...(dailyCount !== null ? { count: dailyCount } : {}),
      ...(dailyPoints !== null ? { points: dailyPoints } : {}),
    };
  }
  return input;
}

interface RuleFormProps {
  /** The rule to change, or null for a new one. */
  rule: Rule | null;
  label: string;
  submitLabel: string;
  regions: readonly Region[];
  spaces: readonly Space[];
  save: (input: RuleInput) => Promise<void>;
  onCancel?: () => void;
}

/**
 * A point rule's settings: the event it scores, where, how many points (or per currency unit
 * for purchases), the daily cap, cooldown, expiry and return window. The browser checks that
 * numbers are numbers; the server checks the rest and its answer shows beside the fields.
 */
export function RuleForm({
  rule,
  label,
  submitLabel,
  regions,
  spaces,
  save,
  onCancel,
}: RuleFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(rule));
  const form = useProgramForm();
  const set = (change: Partial<RuleDraft>) => setDraft({ ...draft, ...change });
  const purchase = draft.eventKind === 'purchase';

  const handleSubmit = form.submit(
    id,
    () => ({
      ...(draft.name.trim() === '' ? { name: 'required' as const } : {}),
      ...numberProblems({
        points: { value: purchase ? null : wholeOrNull(draft.points) },
        pointsPerCurrencyUnit: {
          value: purchase ? decimalOrNull(draft.pointsPerCurrencyUnit) : null,
        },
        dailyCount: { value: wholeOrNull(draft.dailyCount) },
        dailyPoints: { value: wholeOrNull(draft.dailyPoints) },
        cooldownSeconds: { value: wholeOrNull(draft.cooldownSeconds) },
        expiryDays: { value: wholeOrNull(draft.expiryDays) },
        returnWindowDays: { value: purchase ? wholeOrNull(draft.returnWindowDays) : null },
      }),
    }),
    async () => {
      await save(inputOf(draft));
      if (rule === null) {
        setDraft(draftOf(null));
      }
    },
  );

  /** The server names caps as `/dailyCap/count`; the form has one field per part. */
  const errorOf = (field: string): string | null => {
    if (field === 'dailyCount') {
      return form.errorOf('dailyCount') ?? form.errorOf('dailyCap');
    }
    if (field === 'dailyPoints') {
      return form.errorOf('dailyPoints');
    }
    return form.errorOf(field);
  };

  const text = (field: keyof RuleDraft, name: string, hint?: string, numeric = true) => (
    <FormField id={`${id}-${field}`} label={name} hint={hint} error={errorOf(field)}>
      <input
        id={`${id}-${field}`}
        type="text"
        inputMode={numeric ? 'decimal' : undefined}
        value={String(draft[field])}
        {...describedBy(`${id}-${field}`, hint, errorOf(field))}
        onChange={(event) => set({ [field]: event.target.value })}
      />
    </FormField>
  );

  const check = (field: 'bonus' | 'active' | 'tierQualifying', name: string) => (
    <div className="checkbox-field">
      <input
        id={`${id}-${field}`}
        type="checkbox"
        checked={draft[field]}
        onChange={(event) => set({ [field]: event.target.checked })}
      />
      <label htmlFor={`${id}-${field}`}>{name}</label>
    </div>
  );

  return (
    <form
      className="stack"
      aria-label={label}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <div className="field-row">
        {text('name', t('gamification.rules.name'), undefined, false)}
        <FormField
          id={`${id}-eventKind`}
          label={t('gamification.rules.eventKind')}
          error={errorOf('eventKind')}
        >
          <select
            id={`${id}-eventKind`}
            value={draft.eventKind}
            {...describedBy(`${id}-eventKind`, undefined, errorOf('eventKind'))}
            onChange={(event) => {
              const kind = ACTIVITY_KINDS.find((item) => item === event.target.value);
              if (kind) {
                set({ eventKind: kind });
              }
            }}
          >
            {ACTIVITY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`gamification.activityKinds.${kind}`)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={`${id}-scope`} label={t('gamification.rules.scope')}>
          <select
            id={`${id}-scope`}
            value={draft.scope}
            onChange={(event) => {
              const scope = RULE_SCOPES.find((item) => item === event.target.value);
              if (scope) {
                set({ scope });
              }
            }}
          >
            {RULE_SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {t(`gamification.rules.scopes.${scope}`)}
              </option>
            ))}
          </select>
        </FormField>
        {draft.scope === 'region' ? (
          <FormField
            id={`${id}-regionCode`}
            label={t('gamification.rules.region')}
            error={errorOf('regionCode')}
          >
            <select
              id={`${id}-regionCode`}
              value={draft.regionCode}
              {...describedBy(`${id}-regionCode`, undefined, errorOf('regionCode'))}
              onChange={(event) => set({ regionCode: event.target.value })}
            >
              <option value="">{t('gamification.rules.chooseRegion')}</option>
              {regions.map((region) => (
                <option key={region.code} value={region.code}>
                  {region.name} ({region.code})
                </option>
              ))}
            </select>
          </FormField>
        ) : null}
        {draft.scope === 'space' ? (
          <FormField
            id={`${id}-spaceSlug`}
            label={t('gamification.rules.space')}
            error={errorOf('spaceSlug')}
          >
            <select
              id={`${id}-spaceSlug`}
              value={draft.spaceSlug}
              {...describedBy(`${id}-spaceSlug`, undefined, errorOf('spaceSlug'))}
              onChange={(event) => set({ spaceSlug: event.target.value })}
            >
              <option value="">{t('gamification.rules.chooseSpace')}</option>
              {spaces.map((space) => (
                <option key={space.slug} value={space.slug}>
                  {space.name}
                </option>
              ))}
            </select>
          </FormField>
        ) : null}
      </div>
      <div className="field-row">
        {purchase
          ? text('pointsPerCurrencyUnit', t('gamification.rules.pointsPerCurrencyUnit'))
          : text('points', t('gamification.rules.points'))}
        {text('dailyCount', t('gamification.rules.dailyCount'), t('gamification.rules.emptyNoCap'))}
        {text(
          'dailyPoints',
          t('gamification.rules.dailyPoints'),
          t('gamification.rules.emptyNoCap'),
        )}
        {text('cooldownSeconds', t('gamification.rules.cooldown'))}
        {text('expiryDays', t('gamification.rules.expiryDays'), t('gamification.rules.emptyNever'))}
        {purchase ? text('returnWindowDays', t('gamification.rules.returnWindow')) : null}
      </div>
      <div className="field-row">
        {check('active', t('gamification.rules.active'))}
        {check('bonus', t('gamification.rules.bonus'))}
        {check('tierQualifying', t('gamification.rules.tierQualifying'))}
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={form.pending}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
        ) : null}
      </div>
      <GamificationError error={form.error} />
    </form>
  );
}
