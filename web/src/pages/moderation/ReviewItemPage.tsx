import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { type ApiError, seg } from '../../api/client';
import {
  claimItem,
  decideItem,
  type DecisionInput,
  type DecisionResult,
  releaseItem,
  rememberQueueOrder,
  type ReviewItem,
  useQueueOrder,
  useReviewItem,
} from '../../api/moderation';
import { useSession } from '../../api/session';
import type { Page } from '../../api/types';
import { toApiError, useResource } from '../../api/useResource';
import { announce } from '../../components/announcer';
import { Loading } from '../../components/Loading';
import { AuthorHistoryPanel } from '../../components/moderation/AuthorHistoryPanel';
import { CheckScores } from '../../components/moderation/CheckScores';
import { type DecisionDraft, DecisionPanel } from '../../components/moderation/DecisionPanel';
import { useItemTypeLabel, useKindLabel } from '../../components/moderation/kindLabels';
import { useCodeLabel } from '../../components/moderation/labels';
import { ModerationError } from '../../components/moderation/ModerationError';
import { ReviewContent } from '../../components/moderation/ReviewContent';
import { ShortcutHelp } from '../../components/moderation/ShortcutHelp';
import { useShortcuts } from '../../components/moderation/useShortcuts';
import { PageTitle } from '../../components/PageTitle';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/useFormat';
import { NotFoundPage } from '../NotFoundPage';

const EMPTY_DRAFT: DecisionDraft = {
  approveReason: 'not_a_violation',
  rejectReason: '',
  note: '',
  rejectOpen: false,
};

/** What this page decided, to say so and offer the next item. */
interface Outcome {
  input: DecisionInput;
  result: DecisionResult;
}

/**
 * One review item with everything needed to decide it: the content with the check's findings
 * marked, the scores, the appeal or flags, the author's record; claim, release, approve or
 * reject. Keys: a approve, r reject, c claim, j / k next / previous, ? the list of keys.
 */
export function ReviewItemPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pageId = useId();
  const { user } = useSession();
  const item = useReviewItem(id);
  const order = useQueueOrder();
  const format = useFormat();
  const codeLabel = useCodeLabel();
  const kindLabel = useKindLabel();
  const typeLabel = useItemTypeLabel();

  // Opened directly (a link, a reload): read the queue once to know the next and previous.
  const queuePage = useResource<Page<ReviewItem>>(
    order.length === 0 ? '/moderation/queue?limit=100' : null,
  );
  useEffect(() => {
    if (queuePage.data) {
      rememberQueueOrder(queuePage.data.items.map((entry) => entry.id));
    }
  }, [queuePage.data]);

  const [draft, setDraft] = useState<DecisionDraft>(EMPTY_DRAFT);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const rejectSelectRef = useRef<HTMLSelectElement>(null);
  const rejectOpenerRef = useRef<HTMLButtonElement>(null);
  const claimRef = useRef<HTMLButtonElement>(null);
  const releaseRef = useRef<HTMLButtonElement>(null);
  const helpButtonRef = useRef<HTMLButtonElement>(null);
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  const focusAfter = useRef<'reject' | 'rejectOpener' | 'claim' | 'release' | 'outcome' | null>(
    null,
  );

  // Another item: start clean.
  useEffect(() => {
    setDraft(EMPTY_DRAFT);
    setError(null);
    setOutcome(null);
  }, [id]);

  const data = item.data;
  const open = data !== null && data.status === 'open' && outcome === null;
  const mine = data?.claimedBy !== null && data?.claimedBy?.id === user?.id;

  // Focus follows the action once the page shows its result.
  useEffect(() => {
    const target = focusAfter.current;
    const element =
      target === 'reject'
        ? rejectSelectRef.current
        : target === 'rejectOpener'
          ? rejectOpenerRef.current
          : target === 'claim'
            ? claimRef.current
            : target === 'release'
              ? releaseRef.current
              : target === 'outcome'
                ? outcomeRef.current
                : null;
    if (element) {
      focusAfter.current = null;
      element.focus();
    }
  });

  const index = order.indexOf(id);
  const nextId =
    index === -1 ? (order.find((entry) => entry !== id) ?? null) : (order[index + 1] ?? null);
  const previousId = index > 0 ? (order[index - 1] ?? null) : null;

  const goTo = (target: string | null) => {
    if (target) {
      void navigate(`/moderation/items/${seg(target)}`);
    } else {
      announce(t('moderation.item.noMore'));
    }
  };

  const decide = async (input: DecisionInput) => {
    if (!open || pending) {
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await decideItem(id, input);
      setOutcome({ input, result });
      setDraft(EMPTY_DRAFT);
      focusAfter.current = 'outcome';
      announce(outcomeText(input, result));
      item.reload();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const note = draft.note.trim() || undefined;
  const handleApprove = () =>
    void decide({ decision: 'approve', reason: draft.approveReason, note });
  const handleReject = () => {
    if (draft.rejectReason !== '') {
      void decide({ decision: 'reject', reason: draft.rejectReason, note });
    }
  };
  const handleOpenReject = () => {
    if (open) {
      focusAfter.current = 'reject';
      setDraft((current) => ({ ...current, rejectOpen: true }));
    }
  };
  const handleCancelReject = () => {
    focusAfter.current = 'rejectOpener';
    setDraft((current) => ({ ...current, rejectOpen: false, rejectReason: '' }));
  };

  const handleClaim = async () => {
    if (!open || pending) {
      return;
    }
    if (mine) {
      announce(t('moderation.claim.already'));
      return;
    }
    setPending(true);
    setError(null);
    try {
      await claimItem(id);
      focusAfter.current = 'release';
      announce(t('moderation.claim.claimed'));
      item.reload();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const handleRelease = async () => {
    setPending(true);
    setError(null);
    try {
      await releaseItem(id);
      focusAfter.current = 'claim';
      announce(t('moderation.claim.released'));
      item.reload();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const handleToggleHelp = () => setHelpOpen((current) => !current);
  const handleCloseHelp = () => {
    setHelpOpen(false);
    helpButtonRef.current?.focus();
  };

  useShortcuts(
    {
      a: handleApprove,
      r: handleOpenReject,
      c: () => void handleClaim(),
      j: () => goTo(nextId),
      k: () => goTo(previousId),
      '?': handleToggleHelp,
    },
    data !== null,
  );

  function outcomeText(input: DecisionInput, result: DecisionResult): string {
    const reason = codeLabel(input.reason);
    if (input.decision === 'approve') {
      return result.published
        ? t('moderation.decision.approvedPublished', { reason })
        : t('moderation.decision.approved', { reason });
    }
    return result.withdrawn
      ? t('moderation.decision.rejectedWithdrawn', { reason })
      : t('moderation.decision.rejected', { reason });
  }

  if (item.loading && !data) {
    return <Loading />;
  }
  if (item.error?.code === 'not_found') {
    return <NotFoundPage />;
  }
  if (!data) {
    return <ModerationError error={item.error} onRetry={item.reload} />;
  }

  // The content names the item best; an appeal's or a flag's summary is the member's message.
  const contentName =
    data.content?.title?.trim() ||
    (data.kind === 'held' || data.kind === 'audit' ? '' : data.content?.body.trim().slice(0, 120));
  const summary = contentName || data.summary.trim() || t('moderation.queue.noSummary');
  const decidedText = outcome
    ? outcomeText(outcome.input, outcome.result)
    : data.status === 'resolved' && data.decision && data.decisionReason
      ? t(
          data.decision === 'approve'
            ? 'moderation.decision.approved'
            : 'moderation.decision.rejected',
          { reason: codeLabel(data.decisionReason) },
        )
      : null;

  return (
    <>
      <PageTitle title={t('moderation.item.pageTitle', { summary })} />
      <div className="page-head">
        <p className="breadcrumb">
          <Link to="/moderation">{t('moderation.item.back')}</Link>
        </p>
        <h1>{summary}</h1>
        <p className="meta">
          <span className="badge">{kindLabel(data.kind)}</span>
          <span>{typeLabel(data.itemType)}</span>
          <span>
            {data.queue === 'senior'
              ? t('moderation.queues.senior')
              : t('moderation.queues.standard')}
          </span>
          <span>
            {t('moderation.queue.priority', {
              value: format.number(Math.round(data.priority * 100) / 100),
            })}
          </span>
          <span>{t('moderation.queue.reason', { reason: codeLabel(data.reasonCode) })}</span>
          {data.overdue && data.status === 'open' ? (
            <StatusBadge tone="bad" text={t('moderation.queue.overdue')} />
          ) : null}
          <span>
            {t('moderation.queue.due')} <RelativeTime value={data.dueAt} />
          </span>
        </p>
        <p className="hint shortcut-hint" id={`${pageId}-keys`}>
          {t('moderation.shortcuts.hint')}{' '}
          <button
            ref={helpButtonRef}
            type="button"
            className="link-button"
            aria-expanded={helpOpen}
            aria-controls={`${pageId}-help`}
            aria-keyshortcuts="?"
            onClick={handleToggleHelp}
          >
            {t('moderation.shortcuts.title')}
          </button>
        </p>
        {helpOpen ? <ShortcutHelp id={`${pageId}-help`} onClose={handleCloseHelp} /> : null}
      </div>

      <div className="review-layout">
        <div className="review-main">
          <section aria-labelledby={`${pageId}-content`} className="page-section">
            <h2 id={`${pageId}-content`}>{t('moderation.item.content')}</h2>
            <ReviewContent item={data} />
          </section>

          {data.appealMessage !== null ? (
            <section aria-labelledby={`${pageId}-appeal`} className="page-section">
              <h2 id={`${pageId}-appeal`}>{t('moderation.item.appeal')}</h2>
              <blockquote className="quote">{data.appealMessage}</blockquote>
            </section>
          ) : null}

          {data.kind === 'flag' ? (
            <section aria-labelledby={`${pageId}-flags`} className="page-section">
              <h2 id={`${pageId}-flags`}>
                {t('moderation.queue.flags', {
                  count: data.flagCount,
                  formatted: format.number(data.flagCount),
                })}
              </h2>
              {data.flagReasons.length > 0 ? (
                <ul className="compact-list">
                  {data.flagReasons.map((reason, position) => (
                    <li key={position}>{reason}</li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t('moderation.item.noFlagReasons')}</p>
              )}
            </section>
          ) : null}

          <section aria-labelledby={`${pageId}-decide`} className="page-section">
            <h2 id={`${pageId}-decide`}>{t('moderation.decision.title')}</h2>
            <div className="actions">
              {data.claimedBy && !mine ? (
                <p className="small">
                  {t('moderation.queue.claimedBy', { username: data.claimedBy.username })}
                </p>
              ) : null}
              {open && !mine ? (
                <button
                  ref={claimRef}
                  type="button"
                  className="button"
                  disabled={pending}
                  aria-keyshortcuts="c"
                  onClick={() => void handleClaim()}
                >
                  {t('moderation.claim.claim')}
                </button>
              ) : null}
              {open && mine ? (
                <>
                  <p className="small">{t('moderation.claim.yours')}</p>
                  <button
                    ref={releaseRef}
                    type="button"
                    className="button"
                    disabled={pending}
                    onClick={() => void handleRelease()}
                  >
                    {t('moderation.claim.release')}
                  </button>
                </>
              ) : null}
            </div>
            <ModerationError error={error} />
            {decidedText ? (
              <>
                <p ref={outcomeRef} tabIndex={-1} className="notice decided">
                  {decidedText}
                  {data.decisionNote ? (
                    <>
                      <br />
                      <span className="muted">
                        {t('moderation.decision.noteShown', { note: data.decisionNote })}
                      </span>
                    </>
                  ) : null}
                </p>
                <p className="actions">
                  {nextId ? (
                    <Link className="button primary" to={`/moderation/items/${seg(nextId)}`}>
                      {t('moderation.item.next')}
                    </Link>
                  ) : null}
                  <Link className="button" to="/moderation">
                    {t('moderation.item.back')}
                  </Link>
                </p>
              </>
            ) : null}
            {open ? (
              <DecisionPanel
                draft={draft}
                onChange={setDraft}
                pending={pending}
                onApprove={handleApprove}
                onReject={handleReject}
                onCancelReject={handleCancelReject}
                rejectSelectRef={rejectSelectRef}
                rejectOpenerRef={rejectOpenerRef}
              />
            ) : null}
            <p className="actions">
              <button
                type="button"
                className="button small"
                disabled={previousId === null}
                aria-keyshortcuts="k"
                onClick={() => goTo(previousId)}
              >
                {t('moderation.item.previous')}
              </button>
              <button
                type="button"
                className="button small"
                disabled={nextId === null}
                aria-keyshortcuts="j"
                onClick={() => goTo(nextId)}
              >
                {t('moderation.item.nextShort')}
              </button>
            </p>
          </section>
        </div>

        <div className="review-side">
          {data.check ? (
            <section aria-labelledby={`${pageId}-check`} className="page-section">
              <h2 id={`${pageId}-check`}>{t('moderation.check.title')}</h2>
              <CheckScores check={data.check} />
            </section>
          ) : null}
          {data.authorHistory ? (
            <section aria-labelledby={`${pageId}-author`} className="page-section">
              <h2 id={`${pageId}-author`}>{t('moderation.author.title')}</h2>
              <AuthorHistoryPanel author={data.author} history={data.authorHistory} />
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}
