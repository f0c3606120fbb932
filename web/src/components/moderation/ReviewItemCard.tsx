import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { seg } from '../../api/client';
import type { DecisionResult, ReviewDecision, ReviewItem } from '../../api/moderation';
import { useFormat } from '../../i18n/useFormat';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';
import { useCodeLabel } from './labels';
import { useItemTypeLabel, useKindLabel } from './kindLabels';

/** What a bulk decision did to one item: the server's result and the decision asked for. */
export interface BulkOutcome {
  decision: ReviewDecision;
  result: DecisionResult;
}

interface ReviewItemCardProps {
  item: ReviewItem;
  selected: boolean;
  onSelect: (id: string, selected: boolean) => void;
  outcome: BulkOutcome | undefined;
}

/** One open item in the queue: what it is, why, how urgent, who holds it; selectable. */
export function ReviewItemCard({ item, selected, onSelect, outcome }: ReviewItemCardProps) {
  const { t } = useTranslation();
  const id = useId();
  const format = useFormat();
  const codeLabel = useCodeLabel();
  const kindLabel = useKindLabel();
  const typeLabel = useItemTypeLabel();
  const summary = item.summary.trim() || t('moderation.queue.noSummary');
  const decided = outcome?.result.ok === true;

  return (
    <article
      className={`card compact review-item${item.overdue ? ' review-overdue' : ''}${decided ? ' review-decided' : ''}`}
      aria-labelledby={`${id}-title`}
    >
      <div className="review-item-head">
        <input
          type="checkbox"
          className="review-select"
          checked={selected}
          disabled={decided}
          aria-label={t('moderation.queue.select', { summary })}
          onChange={(event) => onSelect(item.id, event.target.checked)}
        />
        <h3 id={`${id}-title`}>
          <Link to={`/moderation/items/${seg(item.id)}`}>{summary}</Link>
        </h3>
      </div>
      <p className="meta">
        <span className="badge">{kindLabel(item.kind)}</span>
        <span>{typeLabel(item.itemType)}</span>
        {item.queue === 'senior' ? (
          <StatusBadge tone="warn" text={t('moderation.queues.senior')} />
        ) : null}
        <span>
          {t('moderation.queue.priority', {
            value: format.number(Math.round(item.priority * 100) / 100),
          })}
        </span>
        <span>{t('moderation.queue.reason', { reason: codeLabel(item.reasonCode) })}</span>
        {item.flagCount > 0 ? (
          <span>
            {t('moderation.queue.flags', {
              count: item.flagCount,
              formatted: format.number(item.flagCount),
            })}
          </span>
        ) : null}
      </p>
      <p className="meta">
        {item.overdue ? <StatusBadge tone="bad" text={t('moderation.queue.overdue')} /> : null}
        <span>
          {t('moderation.queue.due')} <RelativeTime value={item.dueAt} />
        </span>
        {item.author ? (
          <span>
            {t('moderation.queue.by', {
              name: item.author.displayName,
              username: item.author.username,
            })}
          </span>
        ) : null}
        {item.claimedBy ? (
          <span>{t('moderation.queue.claimedBy', { username: item.claimedBy.username })}</span>
        ) : null}
      </p>
      {outcome ? <OutcomeLine outcome={outcome} /> : null}
    </article>
  );
}

function OutcomeLine({ outcome }: { outcome: BulkOutcome }) {
  const { t } = useTranslation();
  const { result, decision } = outcome;
  if (result.ok) {
    return (
      <p className="small">
        <StatusBadge
          tone={decision === 'approve' ? 'good' : 'neutral'}
          text={
            decision === 'approve'
              ? t('moderation.decision.approvedShort')
              : t('moderation.decision.rejectedShort')
          }
        />
      </p>
    );
  }
  return (
    <p className="failure small">
      <strong>{t('moderation.bulk.notDecided')}</strong> {result.error?.message ?? ''}
    </p>
  );
}
