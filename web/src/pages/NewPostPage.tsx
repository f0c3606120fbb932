import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { postNotice } from '../api/moderation';
import { createPost, type PostInput } from '../api/posts';
import { useSpace } from '../api/spaces';
import { announce } from '../components/announcer';
import { Composer } from '../components/Composer';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { NotFoundPage } from './NotFoundPage';

/** Write a new post in a space; publishing opens the new post. */
export function NewPostPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const space = useSpace(slug);
  const spacePath = `/s/${encodeURIComponent(slug)}`;

  const handlePublish = async (input: PostInput) => {
    const post = await createPost(slug, input);
    const notice = postNotice(post);
    announce(
      notice === null
        ? t('composer.published')
        : notice.state === 'held'
          ? t('moderationNotice.postHeld')
          : t('moderationNotice.postRejected'),
    );
    await navigate(`/p/${encodeURIComponent(post.id)}`);
  };
  const handleCancel = () => {
    void navigate(spacePath);
  };

  if (space.loading) {
    return <Loading />;
  }
  if (space.error?.code === 'not_found') {
    return <NotFoundPage />;
  }
  if (space.error || !space.data) {
    return <ErrorAlert error={space.error} onRetry={space.reload} />;
  }
  const title = t('composer.newPostIn', { space: space.data.name });
  return (
    <>
      <PageTitle title={title} />
      <p className="breadcrumb">
        <Link to={spacePath}>{space.data.name}</Link>
      </p>
      <h1>{title}</h1>
      <Composer
        submitLabel={t('composer.publish')}
        onSubmit={handlePublish}
        onCancel={handleCancel}
      />
    </>
  );
}
