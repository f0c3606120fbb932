import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { deleteComment, setCommentReaction, updateComment } from '../api/comments';
import { commentNotice } from '../api/moderation';
import type { Comment, ReactionState } from '../api/types';
import { toApiError } from '../api/useResource';
import { announce } from './announcer';
import { CommentForm } from './CommentForm';
import { DeleteButton } from './DeleteButton';
import { ErrorAlert } from './ErrorAlert';
import { FlagButton } from './FlagButton';
import { Heading } from './Heading';
import { ModerationNotice } from './ModerationNotice';
import { ReactionBar } from './ReactionBar';
import { RelativeTime } from './RelativeTime';
import { SafeHtml } from './SafeHtml';
import { UserLink } from './UserLink';

interface CommentItemProps {
  comment: Comment;
  isReply: boolean;
  accepted: boolean;
  signedIn: boolean;
  /** The viewer may mark or clear the accepted answer (post author or moderator). */
  canAccept: boolean;
  onChange: (comment: Comment) => void;
  onAccept: (commentId: string | null) => Promise<void>;
  /** The "Reply" button, for top-level comments. */
  replySlot?: ReactNode;
}

/** The Markdown to start editing from: the source when the server sends it, else the text. */
function editableBody(comment: Comment): string {
  if (comment.bodyMarkdown !== undefined) {
    return comment.bodyMarkdown;
  }
  const parsed = new DOMParser().parseFromString(comment.bodyHtml, 'text/html');
  return (parsed.body.textContent ?? '').trim();
}

export function CommentItem(props: CommentItemProps) {
  const { comment, isReply, accepted, signedIn, canAccept, onChange, onAccept } = props;
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [accepting, setAccepting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const authorName = comment.author?.displayName ?? t('common.deletedMember');
  const notice = comment.deleted ? null : commentNotice(comment);

  const handleSave = async (body: string) => {
    onChange(await updateComment(comment.id, body));
    setEditing(false);
    announce(t('comments.saved'));
  };
  const handleDelete = async () => {
    await deleteComment(comment.id);
    onChange({ ...comment, deleted: true, bodyHtml: '', canEdit: false });
    announce(t('comments.deleted'));
  };
  const handleEdit = () => setEditing(true);
  const handleCancelEdit = () => setEditing(false);
  const handleReactions = (state: ReactionState) => onChange({ ...comment, ...state });
  const handleAccept = async () => {
    setAccepting(true);
    setError(null);
    try {
      await onAccept(accepted ? null : comment.id);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setAccepting(false);
    }
  };

  return (
    <article
      id={`comment-${comment.id}`}
      className={`comment${accepted ? ' comment-accepted' : ''}`}
      aria-label={t('comments.by', { name: authorName })}
      tabIndex={-1}
    >
      <Heading level={isReply ? 4 : 3}>
        <UserLink user={comment.author} />
      </Heading>
      <p className="meta">
        <RelativeTime value={comment.createdAt} />
        {comment.editedAt && !comment.deleted ? (
          <span className="muted"> · {t('common.edited')}</span>
        ) : null}
      </p>
      {accepted ? <p className="badge badge-accepted">{t('comments.accepted')}</p> : null}
      {comment.deleted ? <p className="muted">{t('comments.deletedText')}</p> : null}
      {notice ? <ModerationNotice notice={notice} itemType="comment" /> : null}
      {!comment.deleted && editing ? (
        <CommentForm
          label={t('comments.editLabel')}
          submitLabel={t('actions.save')}
          initial={editableBody(comment)}
          autoFocus
          onSubmit={handleSave}
          onCancel={handleCancelEdit}
        />
      ) : null}
      {!comment.deleted && !editing ? (
        <>
          <SafeHtml className="content" html={comment.bodyHtml} />
          <ReactionBar
            reactions={comment.reactions}
            myReactions={comment.myReactions}
            canReact={signedIn}
            toggle={(kind, on) => setCommentReaction(comment.id, kind, on)}
            onChange={handleReactions}
          />
          <div className="actions">
            {props.replySlot}
            {canAccept ? (
              <button
                type="button"
                className="button"
                disabled={accepting}
                onClick={() => void handleAccept()}
              >
                {accepted ? t('comments.unaccept') : t('comments.accept')}
              </button>
            ) : null}
            {comment.canEdit ? (
              <>
                <button type="button" className="button" onClick={handleEdit}>
                  {t('comments.edit')}
                </button>
                <DeleteButton
                  label={t('comments.delete')}
                  question={t('comments.deleteQuestion')}
                  remove={handleDelete}
                />
              </>
            ) : null}
            {signedIn && !notice ? (
              <FlagButton
                itemType="comment"
                itemId={comment.id}
                authorId={comment.author?.id ?? null}
                small
              />
            ) : null}
          </div>
          <ErrorAlert error={error} />
        </>
      ) : null}
    </article>
  );
}
