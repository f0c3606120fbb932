import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { createComment, useComments } from '../api/comments';
import { commentNotice } from '../api/moderation';
import { setAcceptedAnswer } from '../api/posts';
import type { Comment, Post } from '../api/types';
import { useFormat } from '../i18n/useFormat';
import { announce } from './announcer';
import { CommentForm } from './CommentForm';
import { CommentItem } from './CommentItem';
import { ErrorAlert } from './ErrorAlert';
import { Loading } from './Loading';
import { LoadMore } from './LoadMore';
import { SignInPrompt } from './SignInPrompt';
import { threadComments } from './threadComments';

interface CommentsSectionProps {
  post: Post;
  signedIn: boolean;
  onPostChange: (update: (post: Post) => Post) => void;
}

/** Comments of a post, one level of replies, with the accepted answer marked. */
export function CommentsSection({ post, signedIn, onPostChange }: CommentsSectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { hash } = useLocation();
  const comments = useComments(post.id);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const threads = threadComments(comments.items);
  const loaded = !comments.loading;

  // Bring a linked comment (#comment-…) into view once the comments have arrived.
  useEffect(() => {
    if (loaded && hash.startsWith('#comment-')) {
      setFocusId(hash.slice('#comment-'.length));
    }
  }, [loaded, hash]);

  useEffect(() => {
    if (focusId) {
      const element = document.getElementById(`comment-${focusId}`);
      if (element) {
        element.focus();
        element.scrollIntoView({ block: 'center' });
        setFocusId(null);
      }
    }
  }, [focusId, comments.items]);

  const handleChange = (updated: Comment) =>
    comments.setItems((items) => items.map((item) => (item.id === updated.id ? updated : item)));

  const addComment = (created: Comment) => {
    comments.setItems((items) => [...items, created]);
    // A held or rejected comment is not counted until a moderator publishes it.
    if (commentNotice(created) === null) {
      onPostChange((current) => ({ ...current, commentCount: current.commentCount + 1 }));
    }
  };

  /** What to announce for a new comment: published, or waiting for a moderator. */
  const createdMessage = (created: Comment, published: string) => {
    const notice = commentNotice(created);
    if (notice === null) {
      return published;
    }
    return notice.state === 'held'
      ? t('moderationNotice.commentHeld')
      : t('moderationNotice.commentRejected');
  };

  const handleComment = async (body: string) => {
    const created = await createComment(post.id, body, null);
    addComment(created);
    announce(createdMessage(created, t('comments.published')));
  };

  const handleReply = async (parentId: string, body: string) => {
    const created = await createComment(post.id, body, parentId);
    addComment(created);
    setReplyTo(null);
    setFocusId(created.id);
    announce(createdMessage(created, t('comments.replyPublished')));
  };

  const handleAccept = async (commentId: string | null) => {
    const updated = await setAcceptedAnswer(post.id, commentId);
    onPostChange(() => updated);
    announce(commentId ? t('comments.acceptedNow') : t('comments.unacceptedNow'));
  };

  const handleOpenReply = (commentId: string) => setReplyTo(commentId);

  const handleCancelReply = () => {
    const parent = replyTo;
    setReplyTo(null);
    setFocusId(parent);
  };

  const renderItem = (comment: Comment, isReply: boolean, replies: Comment[] = []) => {
    const name = comment.author?.displayName ?? t('common.deletedMember');
    // A comment waiting for a moderator (or refused) takes no replies.
    const canReply = signedIn && !isReply && !comment.deleted && commentNotice(comment) === null;
    return (
      <>
        <CommentItem
          comment={comment}
          isReply={isReply}
          accepted={post.acceptedCommentId === comment.id}
          signedIn={signedIn}
          canAccept={post.canEdit && signedIn}
          onChange={handleChange}
          onAccept={handleAccept}
          replySlot={
            canReply && replyTo !== comment.id ? (
              <button
                type="button"
                className="button"
                aria-label={t('comments.replyTo', { name })}
                onClick={() => handleOpenReply(comment.id)}
              >
                {t('comments.reply')}
              </button>
            ) : null
          }
        />
        {replies.length > 0 ? (
          <ol className="replies plain-list" aria-label={t('comments.repliesTo', { name })}>
            {replies.map((reply) => (
              <li key={reply.id}>{renderItem(reply, true)}</li>
            ))}
          </ol>
        ) : null}
        {replyTo === comment.id ? (
          <div className="reply-form">
            <CommentForm
              label={t('comments.replyLabel')}
              submitLabel={t('comments.reply')}
              autoFocus
              onSubmit={(body) => handleReply(comment.id, body)}
              onCancel={handleCancelReply}
            />
          </div>
        ) : null}
      </>
    );
  };

  return (
    <section className="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">
        {t('comments.heading', {
          count: post.commentCount,
          formatted: format.number(post.commentCount),
        })}
      </h2>
      {comments.loading ? <Loading /> : null}
      {comments.items.length === 0 ? (
        <ErrorAlert error={comments.error} onRetry={comments.reload} />
      ) : null}
      {loaded && !comments.error && threads.length === 0 ? (
        <p className="muted">{t('comments.empty')}</p>
      ) : null}
      <ol className="comment-list plain-list">
        {threads.map((thread) => (
          <li key={thread.root.id}>{renderItem(thread.root, false, thread.replies)}</li>
        ))}
      </ol>
      <LoadMore paged={comments} label={t('comments.loadMore')} />
      {signedIn ? (
        <div className="new-comment">
          <h3>{t('comments.write')}</h3>
          <CommentForm
            label={t('comments.label')}
            submitLabel={t('comments.submit')}
            onSubmit={handleComment}
          />
        </div>
      ) : (
        <SignInPrompt message={t('comments.signInToComment')} />
      )}
    </section>
  );
}
