import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { postNotice } from '../api/moderation';
import { deletePost, followPost, setPostReaction } from '../api/posts';
import type { Post, ReactionState } from '../api/types';
import { DeleteButton } from './DeleteButton';
import { SponsoredBadge } from './disclosure/SponsoredBadge';
import { FlagButton } from './FlagButton';
import { FollowButton } from './FollowButton';
import { ModerationNotice } from './ModerationNotice';
import { ReactionBar } from './ReactionBar';
import { RelativeTime } from './RelativeTime';
import { SafeHtml } from './SafeHtml';
import { TagList } from './TagList';
import { UserLink } from './UserLink';

interface PostArticleProps {
  post: Post;
  signedIn: boolean;
  onReactions: (state: ReactionState) => void;
  onEdit: () => void;
  onDeleted: () => void;
}

/**
 * The post itself: title, author, the "Sponsored" badge above the text when it carries paid or
 * sponsored content, rendered body, reactions and the author's actions.
 */
export function PostArticle({ post, signedIn, onReactions, onEdit, onDeleted }: PostArticleProps) {
  const { t } = useTranslation();
  const notice = postNotice(post);

  const handleDelete = async () => {
    await deletePost(post.id);
    onDeleted();
  };

  return (
    <article className="post" aria-labelledby="post-title">
      <p className="breadcrumb">
        <Link to={`/s/${encodeURIComponent(post.space.slug)}`}>{post.space.name}</Link>
      </p>
      <h1 id="post-title" tabIndex={-1}>
        {post.title}
      </h1>
      <p className="meta">
        <UserLink user={post.author} /> · <RelativeTime value={post.createdAt} />
        {post.editedAt ? (
          <span className="muted">
            {' · '}
            {t('common.edited')} <RelativeTime value={post.editedAt} />
          </span>
        ) : null}
      </p>
      {notice ? <ModerationNotice notice={notice} itemType="post" /> : null}
      {post.acceptedCommentId ? (
        <p>
          <span className="badge badge-accepted">{t('post.answered')}</span>{' '}
          <a href={`#comment-${post.acceptedCommentId}`}>{t('post.jumpToAnswer')}</a>
        </p>
      ) : null}
      {post.sponsored ? <SponsoredBadge sponsorLabel={post.sponsorLabel} /> : null}
      <SafeHtml className="content" html={post.bodyHtml} />
      <TagList tags={post.tags} />
      <ReactionBar
        reactions={post.reactions}
        myReactions={post.myReactions}
        canReact={signedIn}
        toggle={(kind, on) => setPostReaction(post.id, kind, on)}
        onChange={onReactions}
      />
      <div className="actions">
        {signedIn ? (
          <FollowButton
            label={t('follow.post')}
            following={post.following}
            save={(following) => followPost(post.id, following)}
          />
        ) : null}
        {post.canEdit ? (
          <>
            <button type="button" className="button" onClick={onEdit}>
              {t('post.edit')}
            </button>
            <DeleteButton
              label={t('post.delete')}
              question={t('post.deleteQuestion')}
              remove={handleDelete}
            />
          </>
        ) : null}
        {signedIn && !notice ? (
          <FlagButton itemType="post" itemId={post.id} authorId={post.author.id} />
        ) : null}
      </div>
    </article>
  );
}
