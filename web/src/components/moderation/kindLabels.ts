import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isReviewKind } from '../../api/moderation';

const ITEM_TYPES = ['post', 'comment', 'profile', 'submission'] as const;
type ItemType = (typeof ITEM_TYPES)[number];

function isItemType(value: string): value is ItemType {
  return (ITEM_TYPES as readonly string[]).includes(value);
}

/** Words for the kind of a review item ("flag" → "Flagged by members"). */
export function useKindLabel(): (kind: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (kind: string) => (isReviewKind(kind) ? t(`moderation.kinds.${kind}`) : kind),
    [t],
  );
}

/** Words for the type of content ("comment" → "Comment"). */
export function useItemTypeLabel(): (type: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (type: string) => (isItemType(type) ? t(`moderation.itemTypes.${type}`) : type),
    [t],
  );
}
