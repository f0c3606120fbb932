import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Codes the moderation API uses for reasons and score categories that have their own words;
 * any other code the server sends is shown as it came.
 */
export const CODE_KEYS = [
  'not_a_violation',
  'allowed_in_context',
  'false_positive',
  'fixed_by_author',
  'toxicity',
  'profanity',
  'insult',
  'harassment',
  'hate',
  'threat',
  'sexual',
  'self_harm',
  'spam',
  'scam',
  'personal_data',
  'off_topic',
  'other',
  'watched',
  'watched_word',
  'auto_reject_cap',
  'provider_unavailable',
  'suspicious_author',
  'flag',
] as const;
export type CodeKey = (typeof CODE_KEYS)[number];

export function isCodeKey(value: string): value is CodeKey {
  return (CODE_KEYS as readonly string[]).includes(value);
}

/** Words for a reason or category code ("personal_data" → "Personal data"). */
export function useCodeLabel(): (code: string | null) => string {
  const { t } = useTranslation();
  return useCallback(
    (code: string | null) => {
      if (code === null || code === '') {
        return t('moderation.codes.none');
      }
      return isCodeKey(code) ? t(`moderation.codes.${code}`) : code;
    },
    [t],
  );
}

const HEAD_KEYS = ['toxic', 'hate', 'spam'] as const;
type HeadKey = (typeof HEAD_KEYS)[number];

function isHeadKey(value: string): value is HeadKey {
  return (HEAD_KEYS as readonly string[]).includes(value);
}

/** Words for a model head ("toxic" → "Abusive language"); unknown heads as they came. */
export function useHeadLabel(): (head: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (head: string) => (isHeadKey(head) ? t(`moderation.models.heads.${head}`) : head),
    [t],
  );
}

const CHECK_DECISIONS = ['allow', 'hold', 'reject'] as const;
type CheckDecision = (typeof CHECK_DECISIONS)[number];

function isCheckDecision(value: string): value is CheckDecision {
  return (CHECK_DECISIONS as readonly string[]).includes(value);
}

/** Words for what an automatic check decided ("hold" → "Held for review"). */
export function useCheckDecisionLabel(): (decision: string | null) => string {
  const { t } = useTranslation();
  return useCallback(
    (decision: string | null) => {
      if (decision === null) {
        return t('moderation.check.decisions.pending');
      }
      return isCheckDecision(decision) ? t(`moderation.check.decisions.${decision}`) : decision;
    },
    [t],
  );
}

const CONTENT_STATES = ['published', 'held', 'rejected'] as const;
type ContentState = (typeof CONTENT_STATES)[number];

function isContentState(value: string): value is ContentState {
  return (CONTENT_STATES as readonly string[]).includes(value);
}

/** Words for the state of a post or comment ("held" → "waiting for review"). */
export function useStateLabel(): (state: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (state: string) => (isContentState(state) ? t(`moderation.states.${state}`) : state),
    [t],
  );
}
