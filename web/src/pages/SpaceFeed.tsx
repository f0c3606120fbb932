import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { followSpace, useSpace, useSpaceFeed } from '../api/spaces';
import { useSession } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { FollowButton } from '../components/FollowButton';
import { Loading } from '../components/Loading';
import { LoadMore } from '../components/LoadMore';
import { PageTitle } from '../components/PageTitle';
import { NotFoundPage } from './NotFoundPage';
import { PostList } from '../components/PostList';
import { useFormat } from '../i18n/useFormat';

/** A space's posts, newest first, with "Load more". */
export function SpaceFeed() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const format = useFormat();
  const space = useSpace(slug);
  const feed = useSpaceFeed(slug);

  if (space.loading) {
    return <Loading />;
  }
  if (space.error?.code === 'not_found') {
    return <NotFoundPage />;
  }
  if (space.error || !space.data) {
    return <ErrorAlert error={space.error} onRetry={space.reload} />;
  }
  const current = space.data;
  const newPostPath = `/s/${encodeURIComponent(current.slug)}/new`;
  return (
    <>
      <PageTitle title={current.name} />
      <div className="page-head">
        <h1>{current.name}</h1>
        {current.description ? <p className="lead">{current.description}</p> : null}
        <p className="meta">
          <span>
            {t('spaces.posts', {
              count: current.postCount,
              formatted: format.number(current.postCount),
            })}
          </span>
          {current.region ? <span>{current.region.name}</span> : null}
          {current.visibility === 'private' ? (
            <span className="badge">{t('spaces.private')}</span>
          ) : null}
        </p>
        <div className="actions">
          {user ? (
            <>
              <Link className="button primary" to={newPostPath}>
                {t('spaces.newPost')}
              </Link>
              <FollowButton
                label={t('follow.space')}
                following={current.following}
                save={(following) => followSpace(current.slug, following)}
              />
            </>
          ) : (
            <Link to={`/sign-in?next=${encodeURIComponent(newPostPath)}`}>
              {t('spaces.signInToPost')}
            </Link>
          )}
        </div>
      </div>
      <section aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t('spaces.latest')}</h2>
        {feed.loading ? <Loading /> : null}
        {feed.items.length === 0 ? <ErrorAlert error={feed.error} onRetry={feed.reload} /> : null}
        {!feed.loading && !feed.error && feed.items.length === 0 ? (
          <p>{t('spaces.noPosts')}</p>
        ) : null}
        <PostList posts={feed.items} headingLevel={3} label={t('spaces.latest')} />
        <LoadMore paged={feed} />
      </section>
    </>
  );
}
