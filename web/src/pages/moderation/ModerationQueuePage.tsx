import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/client';
import {
  canConfigure,
  decideItems,
  isQueue,
  isReviewKind,
  type Queue,
  rememberQueueOrder,
  REVIEW_KINDS,
  type ReviewDecision,
  type ReviewKind,
  type ReviewReason,
  useQueue,
} from '../../api/moderation';
import { useSession } from '../../api/session';
import { toApiError } from '../../api/useResource';
import { announce } from '../../components/announcer';
import { HandbookLink } from '../../components/HandbookLink';
import { Loading } from '../../components/Loading';
import { LoadMore } from '../../components/LoadMore';
import { BulkDecisionForm } from '../../components/moderation/BulkDecisionForm';
import { useKindLabel } from '../../components/moderation/kindLabels';
import { ModerationError } from '../../components/moderation/ModerationError';
import { ModerationNav } from '../../components/moderation/ModerationNav';
import { type BulkOutcome, ReviewItemCard } from '../../components/moderation/ReviewItemCard';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

/**
 * The moderator console: open review items, highest priority first, filtered by queue and
 * kind (kept in the address), with a bulk decision for the selected ones. The order shown is
 * remembered for `j` / `k` in the item view.
 */
export function ModerationQueuePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const { user } = useSession();
  const kindLabel = useKindLabel();
  const [params, setParams] = useSearchParams();
  const rawQueue = params.get('queue') ?? '';
  const rawKind = params.get('kind') ?? '';
  const senior = canConfigure(user?.role);
  const queue: Queue | '' =
    isQueue(rawQueue) && (senior || rawQueue === 'standard') ? rawQueue : '';
  const kind: ReviewKind | '' = isReviewKind(rawKind) ? rawKind : '';
  const items = useQueue({ queue, kind });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, BulkOutcome>>(new Map());
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [bulkResult, setBulkResult] = useState<string | null>(null);

  useEffect(() => {
    rememberQueueOrder(items.items.map((item) => item.id));
  }, [items.items]);

  // A new filter or a fresh list starts without a selection or earlier results.
  useEffect(() => {
    setSelected(new Set());
    setOutcomes(new Map());
    setBulkResult(null);
  }, [queue, kind]);

  const setFilter = (name: 'queue' | 'kind', value: string) => {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    setParams(next, { replace: true });
  };

  const handleRefresh = () => {
    setSelected(new Set());
    setOutcomes(new Map());
    setBulkResult(null);
    items.reload();
  };

  const handleSelect = (itemId: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) {
        next.add(itemId);
      } else {
        next.delete(itemId);
      }
      return next;
    });
  };

  const selectable = items.items.filter((item) => outcomes.get(item.id)?.result.ok !== true);
  const allSelected = selectable.length > 0 && selectable.every((item) => selected.has(item.id));
  const handleSelectAll = (on: boolean) => {
    setSelected(on ? new Set(selectable.map((item) => item.id)) : new Set());
  };

  const handleDecide = async (decision: ReviewDecision, reason: ReviewReason) => {
    const ids = items.items.filter((item) => selected.has(item.id)).map((item) => item.id);
    if (ids.length === 0) {
      return;
    }
    setPending(true);
    setError(null);
    setBulkResult(null);
    try {
      const results = await decideItems(ids, { decision, reason });
      setOutcomes((current) => {
        const next = new Map(current);
        for (const result of results) {
          next.set(result.id, { decision, result });
        }
        return next;
      });
      const done = results.filter((result) => result.ok).length;
      const failed = results.length - done;
      setSelected(new Set(results.filter((result) => !result.ok).map((result) => result.id)));
      const summary = t('moderation.bulk.done', {
        done: format.number(done),
        failed: format.number(failed),
      });
      setBulkResult(summary);
      announce(summary);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const count = items.items.length;
  return (
    <>
      <PageTitle title={t('moderation.queue.title')} />
      <div className="page-head">
        <h1>{t('moderation.queue.title')}</h1>
        <ModerationNav />
        <p className="muted">{t('moderation.queue.intro')}</p>
        <HandbookLink section="moderation" />
      </div>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-queue`}>{t('moderation.queue.queueFilter')}</label>
          <select
            id={`${id}-queue`}
            value={queue}
            onChange={(event) => setFilter('queue', event.target.value)}
          >
            <option value="">{t('moderation.queues.all')}</option>
            <option value="standard">{t('moderation.queues.standard')}</option>
            {senior ? <option value="senior">{t('moderation.queues.senior')}</option> : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('moderation.queue.kindFilter')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => setFilter('kind', event.target.value)}
          >
            <option value="">{t('moderation.kinds.all')}</option>
            {REVIEW_KINDS.map((item) => (
              <option key={item} value={item}>
                {kindLabel(item)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={handleRefresh}>
          {t('common.refresh')}
        </button>
      </div>

      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('moderation.queue.listTitle')}</h2>
        {items.loading ? <Loading /> : null}
        {count === 0 ? <ModerationError error={items.error} onRetry={items.reload} /> : null}
        {!items.loading && !items.error && count === 0 ? (
          <p>{t('moderation.queue.empty')}</p>
        ) : null}
        {count > 0 ? (
          <>
            <BulkDecisionForm
              selectedCount={selected.size}
              pending={pending}
              error={error}
              result={bulkResult}
              onDecide={(decision, reason) => void handleDecide(decision, reason)}
            />
            <p className="checkbox-field select-all">
              <input
                id={`${id}-all`}
                type="checkbox"
                checked={allSelected}
                disabled={selectable.length === 0}
                onChange={(event) => handleSelectAll(event.target.checked)}
              />
              <label htmlFor={`${id}-all`}>{t('moderation.queue.selectAll')}</label>
            </p>
          </>
        ) : null}
        <ol className="plain-list" aria-label={t('moderation.queue.listTitle')}>
          {items.items.map((item) => (
            <li key={item.id}>
              <ReviewItemCard
                item={item}
                selected={selected.has(item.id)}
                onSelect={handleSelect}
                outcome={outcomes.get(item.id)}
              />
            </li>
          ))}
        </ol>
        <LoadMore paged={items} />
      </section>
    </>
  );
}
