import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { PostSummary } from '../api/types';
import { useFormat } from '../i18n/useFormat';
import { SponsoredBadge } from './disclosure/SponsoredBadge';
import { Heading, type HeadingLevel } from './Heading';
import { RelativeTime } from './RelativeTime';
import { SafeHtml } from './SafeHtml';
import { TagList } from './TagList';
import { UserLink } from './UserLink';

interface PostSummaryItemProps {
  post: PostSummary;
  headingLevel: HeadingLevel;
  showSpace: boolean;
}

/** One post in a feed, a profile or search results; a sponsored one shows its badge first. */
export function PostSummaryItem({ post, headingLevel, showSpace }: PostSummaryItemProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <article className="card post-summary">
      <Heading level={headingLevel}>
        <Link to={`/p/${encodeURIComponent(post.id)}`}>{post.title}</Link>
      </Heading>
      <p className="meta">
        <UserLink user={post.author} />
        {showSpace ? (
          <>
            {' · '}
            <Link to={`/s/${encodeURIComponent(post.space.slug)}`}>{post.space.name}</Link>
          </>
        ) : null}
        {' · '}
        <RelativeTime value={post.createdAt} />
      </p>
      {post.sponsored ? <SponsoredBadge sponsorLabel={post.sponsorLabel} /> : null}
      {post.snippetHtml ? (
        <SafeHtml className="snippet" html={post.snippetHtml} />
      ) : (
        <p className="excerpt">{post.excerpt}</p>
      )}
      <p className="meta">
        {post.hasAcceptedAnswer ? (
          <span className="badge badge-accepted">{t('post.answered')}</span>
        ) : null}
        <span>
          {t('post.comments', {
            count: post.commentCount,
            formatted: format.number(post.commentCount),
          })}
        </span>
        {' · '}
        <span>
          {t('post.reactions', {
            count: post.reactionCount,
            formatted: format.number(post.reactionCount),
          })}
        </span>
      </p>
      <TagList tags={post.tags} />
    </article>
  );
}
