import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  type Policy,
  type PolicyScope,
  savePolicy,
  THRESHOLD_CATEGORIES,
  WATCHED_ACTIONS,
} from '../../api/moderation';
import type { Region, Space } from '../../api/types';
import { toApiError } from '../../api/useResource';
import { useCodeLabel } from './labels';
import { ModerationError, validationIssues } from './ModerationError';
import { newWatchedWord, pathMatches, type PolicyDraft, settingsOf } from './policyDraft';

interface PolicyFormProps {
  /** Names the form, e.g. "Policy for the whole community". */
  label: string;
  initial: PolicyDraft;
  /** Scopes the member may choose (a new policy); one scope means it is fixed. */
  scopes: readonly PolicyScope[];
  /** The mode may be chosen (a new policy); an existing one keeps its mode. */
  chooseMode: boolean;
  regions: readonly Region[];
  spaces: readonly Space[];
  submitLabel: string;
  onSaved: (policy: Policy) => void;
  /** Extra actions beside Save (e.g. deleting the policy). */
  children?: ReactNode;
}

type TextKey =
  'newMemberStrictness' | 'autoRejectCap' | 'auditSampleRate' | 'reviewStandard' | 'reviewSenior';

/**
 * The settings of one policy. Empty fields inherit (from the tenant's policy, or Guild's
 * defaults); the server checks every value, and its 400 answer is listed beside the form with
 * the named fields marked.
 */
export function PolicyForm(props: PolicyFormProps) {
  const { label, initial, scopes, chooseMode, regions, spaces, submitLabel, onSaved } = props;
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const id = useId();
  const [draft, setDraft] = useState<PolicyDraft>(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const issuePaths = validationIssues(error).map((issue) => issue.path);
  const errorId = `${id}-errors`;

  /** Marks a field the server named, and points it at the list of problems too. */
  const invalidProps = (path: string, hintId?: string) =>
    pathMatches(issuePaths, path)
      ? {
          'aria-invalid': true as const,
          'aria-describedby': hintId ? `${hintId} ${errorId}` : errorId,
        }
      : {};

  const fieldLabel = (path: string): string | null => {
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'spaceSlug') {
      return t('moderation.policies.space');
    }
    if (parts[0] === 'regionCode') {
      return t('moderation.policies.region');
    }
    if (parts[0] !== 'settings') {
      return null;
    }
    const [, field, first, second] = parts;
    switch (field) {
      case 'thresholds':
        if (first === undefined) {
          return t('moderation.policies.thresholds');
        }
        return second === 'hold' || second === 'reject'
          ? `${codeLabel(first)}: ${t(second === 'hold' ? 'moderation.policies.hold' : 'moderation.policies.reject')}`
          : codeLabel(first);
      case 'watchedWords': {
        if (first === undefined) {
          return t('moderation.policies.watchedWords');
        }
        const row = t('moderation.policies.watchedRow', { number: Number(first) + 1 });
        const part =
          second === 'word'
            ? t('moderation.policies.word')
            : second === 'action'
              ? t('moderation.policies.action')
              : second === 'tag'
                ? t('moderation.policies.tag')
                : null;
        return part ? `${row}, ${part}` : row;
      }
      case 'reviewMinutes':
        return first === 'senior'
          ? t('moderation.policies.reviewSenior')
          : t('moderation.policies.reviewStandard');
      case 'newMemberStrictness':
      case 'autoRejectCap':
      case 'auditSampleRate':
      case 'allowedWords':
      case 'trustedDomains':
      case 'languages':
        return t(`moderation.policies.${field}`);
      default:
        return null;
    }
  };

  const setText = (key: TextKey, value: string) => setDraft({ ...draft, [key]: value });

  const setWatched = (index: number, change: Partial<PolicyDraft['watchedWords'][number]>) =>
    setDraft({
      ...draft,
      watchedWords: draft.watchedWords.map((entry, position) =>
        position === index ? { ...entry, ...change } : entry,
      ),
    });

  const handleAddWord = () => {
    const added = newWatchedWord();
    setDraft({ ...draft, watchedWords: [...draft.watchedWords, added] });
    window.setTimeout(() => document.getElementById(`${id}-word-${added.key}`)?.focus(), 0);
  };

  const handleRemoveWord = (index: number) => {
    setDraft({
      ...draft,
      watchedWords: draft.watchedWords.filter((_, position) => position !== index),
    });
    document.getElementById(`${id}-add-word`)?.focus();
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const saved = await savePolicy({
        scope: draft.scope,
        mode: draft.mode,
        ...(draft.scope === 'space' ? { spaceSlug: draft.spaceSlug } : {}),
        ...(draft.scope === 'region' ? { regionCode: draft.regionCode } : {}),
        settings: settingsOf(draft),
      });
      onSaved(saved);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const numberField = (key: TextKey, path: string, name: string, hint: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{name}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        inputMode="decimal"
        value={draft[key]}
        placeholder={t('moderation.policies.inherit')}
        aria-describedby={`${id}-${key}-hint`}
        {...invalidProps(path, `${id}-${key}-hint`)}
        onChange={(event) => setText(key, event.target.value)}
      />
      <p id={`${id}-${key}-hint`} className="hint">
        {hint}
      </p>
    </div>
  );

  return (
    <form
      className="policy-form stack"
      aria-label={label}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <div className="field-row">
        {scopes.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-scope`}>{t('moderation.policies.scope')}</label>
            <select
              id={`${id}-scope`}
              value={draft.scope}
              onChange={(event) => {
                const scope = scopes.find((item) => item === event.target.value);
                if (scope) {
                  setDraft({ ...draft, scope });
                }
              }}
            >
              {scopes.map((scope) => (
                <option key={scope} value={scope}>
                  {t(`moderation.policies.scopes.${scope}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {scopes.length > 1 && draft.scope === 'region' ? (
          <div className="field">
            <label htmlFor={`${id}-region`}>{t('moderation.policies.region')}</label>
            <select
              id={`${id}-region`}
              value={draft.regionCode}
              {...invalidProps('/regionCode')}
              onChange={(event) => setDraft({ ...draft, regionCode: event.target.value })}
            >
              <option value="">{t('moderation.policies.chooseRegion')}</option>
              {regions.map((region) => (
                <option key={region.code} value={region.code}>
                  {region.name} ({region.code})
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {scopes.length > 1 && draft.scope === 'space' ? (
          <div className="field">
            <label htmlFor={`${id}-space`}>{t('moderation.policies.space')}</label>
            <select
              id={`${id}-space`}
              value={draft.spaceSlug}
              {...invalidProps('/spaceSlug')}
              onChange={(event) => setDraft({ ...draft, spaceSlug: event.target.value })}
            >
              <option value="">{t('moderation.policies.chooseSpace')}</option>
              {spaces.map((space) => (
                <option key={space.slug} value={space.slug}>
                  {space.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {chooseMode ? (
          <div className="field">
            <label htmlFor={`${id}-mode`}>{t('moderation.policies.mode')}</label>
            <select
              id={`${id}-mode`}
              value={draft.mode}
              aria-describedby={`${id}-mode-hint`}
              onChange={(event) =>
                setDraft({
                  ...draft,
                  mode: event.target.value === 'shadow' ? 'shadow' : 'enforce',
                })
              }
            >
              <option value="enforce">{t('moderation.policies.modes.enforce')}</option>
              <option value="shadow">{t('moderation.policies.modes.shadow')}</option>
            </select>
            <p id={`${id}-mode-hint`} className="hint">
              {t('moderation.policies.modeHint')}
            </p>
          </div>
        ) : null}
      </div>

      <div className="table-wrap">
        <table className="threshold-table">
          <caption>{t('moderation.policies.thresholds')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('moderation.policies.category')}</th>
              <th scope="col">{t('moderation.policies.hold')}</th>
              <th scope="col">{t('moderation.policies.reject')}</th>
            </tr>
          </thead>
          <tbody>
            {THRESHOLD_CATEGORIES.map((category) => {
              const name = codeLabel(category);
              const pair = draft.thresholds[category];
              const setPair = (change: Partial<typeof pair>) =>
                setDraft({
                  ...draft,
                  thresholds: { ...draft.thresholds, [category]: { ...pair, ...change } },
                });
              return (
                <tr key={category}>
                  <th scope="row">{name}</th>
                  <td>
                    <input
                      type="text"
                      inputMode="decimal"
                      className="number-input"
                      value={pair.hold}
                      placeholder={t('moderation.policies.inherit')}
                      aria-label={`${name}: ${t('moderation.policies.hold')}`}
                      {...invalidProps(`/settings/thresholds/${category}/hold`)}
                      onChange={(event) => setPair({ hold: event.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      type="text"
                      inputMode="decimal"
                      className="number-input"
                      value={pair.reject}
                      placeholder={t('moderation.policies.inherit')}
                      aria-label={`${name}: ${t('moderation.policies.reject')}`}
                      {...invalidProps(`/settings/thresholds/${category}/reject`)}
                      onChange={(event) => setPair({ reject: event.target.value })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="hint">{t('moderation.policies.thresholdHint')}</p>
      </div>

      <div className="field-row">
        {numberField(
          'newMemberStrictness',
          '/settings/newMemberStrictness',
          t('moderation.policies.newMemberStrictness'),
          t('moderation.policies.newMemberStrictnessHint'),
        )}
        {numberField(
          'autoRejectCap',
          '/settings/autoRejectCap',
          t('moderation.policies.autoRejectCap'),
          t('moderation.policies.autoRejectCapHint'),
        )}
        {numberField(
          'auditSampleRate',
          '/settings/auditSampleRate',
          t('moderation.policies.auditSampleRate'),
          t('moderation.policies.auditSampleRateHint'),
        )}
      </div>

      <div className="field-row">
        {numberField(
          'reviewStandard',
          '/settings/reviewMinutes/standard',
          t('moderation.policies.reviewStandard'),
          t('moderation.policies.reviewMinutesHint'),
        )}
        {numberField(
          'reviewSenior',
          '/settings/reviewMinutes/senior',
          t('moderation.policies.reviewSenior'),
          t('moderation.policies.reviewMinutesHint'),
        )}
      </div>

      <fieldset className="checkbox-group">
        <legend>{t('moderation.policies.watchedWords')}</legend>
        <p className="hint">{t('moderation.policies.watchedHint')}</p>
        {draft.watchedWords.length === 0 ? (
          <p className="muted small">{t('moderation.policies.noWatched')}</p>
        ) : null}
        <ol className="plain-list watched-list">
          {draft.watchedWords.map((entry, index) => {
            const row = t('moderation.policies.watchedRow', { number: index + 1 });
            const base = `/settings/watchedWords/${index}`;
            return (
              <li key={entry.key} className="watched-row" aria-label={row}>
                <div className="field">
                  <label htmlFor={`${id}-word-${entry.key}`}>{t('moderation.policies.word')}</label>
                  <input
                    id={`${id}-word-${entry.key}`}
                    type="text"
                    maxLength={80}
                    value={entry.word}
                    {...invalidProps(`${base}/word`)}
                    onChange={(event) => setWatched(index, { word: event.target.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-action-${entry.key}`}>
                    {t('moderation.policies.action')}
                  </label>
                  <select
                    id={`${id}-action-${entry.key}`}
                    value={entry.action}
                    {...invalidProps(`${base}/action`)}
                    onChange={(event) => {
                      const action = WATCHED_ACTIONS.find((item) => item === event.target.value);
                      if (action) {
                        setWatched(index, { action });
                      }
                    }}
                  >
                    {WATCHED_ACTIONS.map((action) => (
                      <option key={action} value={action}>
                        {t(`moderation.policies.actions.${action}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-tag-${entry.key}`}>{t('moderation.policies.tag')}</label>
                  <input
                    id={`${id}-tag-${entry.key}`}
                    type="text"
                    maxLength={32}
                    value={entry.tag}
                    disabled={entry.action !== 'tag'}
                    {...invalidProps(`${base}/tag`)}
                    onChange={(event) => setWatched(index, { tag: event.target.value })}
                  />
                </div>
                <button
                  type="button"
                  className="button small"
                  aria-label={t('moderation.policies.removeWord', { number: index + 1 })}
                  onClick={() => handleRemoveWord(index)}
                >
                  {t('moderation.policies.remove')}
                </button>
              </li>
            );
          })}
        </ol>
        <button
          id={`${id}-add-word`}
          type="button"
          className="button small"
          onClick={handleAddWord}
        >
          {t('moderation.policies.addWord')}
        </button>
      </fieldset>

      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-allowed`}>{t('moderation.policies.allowedWords')}</label>
          <textarea
            id={`${id}-allowed`}
            rows={3}
            value={draft.allowedWords}
            aria-describedby={`${id}-allowed-hint`}
            {...invalidProps('/settings/allowedWords', `${id}-allowed-hint`)}
            onChange={(event) => setDraft({ ...draft, allowedWords: event.target.value })}
          />
          <p id={`${id}-allowed-hint`} className="hint">
            {t('moderation.policies.onePerLine')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-domains`}>{t('moderation.policies.trustedDomains')}</label>
          <textarea
            id={`${id}-domains`}
            rows={3}
            value={draft.trustedDomains}
            aria-describedby={`${id}-domains-hint`}
            {...invalidProps('/settings/trustedDomains', `${id}-domains-hint`)}
            onChange={(event) => setDraft({ ...draft, trustedDomains: event.target.value })}
          />
          <p id={`${id}-domains-hint`} className="hint">
            {t('moderation.policies.trustedDomainsHint')}
          </p>
        </div>
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-languages`}>{t('moderation.policies.languages')}</label>
        <input
          id={`${id}-languages`}
          type="text"
          value={draft.languages}
          placeholder={t('moderation.policies.inherit')}
          aria-describedby={`${id}-languages-hint`}
          {...invalidProps('/settings/languages', `${id}-languages-hint`)}
          onChange={(event) => setDraft({ ...draft, languages: event.target.value })}
        />
        <p id={`${id}-languages-hint`} className="hint">
          {t('moderation.policies.languagesHint')}
        </p>
      </div>

      <ModerationError error={error} fieldLabel={fieldLabel} id={errorId} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
          {submitLabel}
        </button>
        {props.children}
      </div>
    </form>
  );
}
