import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { postNotice } from '../api/moderation';
import { type PostInput, updatePost, usePost } from '../api/posts';
import { useSession } from '../api/session';
import type { Post, ReactionState } from '../api/types';
import { announce } from '../components/announcer';
import { CommentsSection } from '../components/CommentsSection';
import { Composer } from '../components/Composer';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { NotFoundPage } from './NotFoundPage';
import { PostArticle } from '../components/PostArticle';

/** One post with its comments; the author can edit, delete and accept an answer. */
export function PostPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const post = usePost(id);
  const [editing, setEditing] = useState(false);
  const leftEditor = useRef(false);

  useEffect(() => setEditing(false), [id]);

  // Back from the editor, continue at the post's title.
  useEffect(() => {
    if (!editing && leftEditor.current) {
      leftEditor.current = false;
      document.getElementById('post-title')?.focus();
    }
  }, [editing]);

  if (post.loading && !post.data) {
    return <Loading />;
  }
  if (post.error?.code === 'not_found') {
    return <NotFoundPage />;
  }
  if (post.error || !post.data) {
    return <ErrorAlert error={post.error} onRetry={post.reload} />;
  }
  const current = post.data;

  const handlePostChange = (update: (previous: Post) => Post) =>
    post.setData((previous) => (previous ? update(previous) : previous));
  const handleReactions = (state: ReactionState) => post.setData({ ...current, ...state });
  const handleEdit = () => setEditing(true);
  const handleCancelEdit = () => {
    leftEditor.current = true;
    setEditing(false);
  };
  const handleSave = async (input: PostInput) => {
    const updated = await updatePost(current.id, input);
    post.setData(updated);
    leftEditor.current = true;
    setEditing(false);
    announce(
      postNotice(updated)?.state === 'held' ? t('moderationNotice.postHeld') : t('post.saved'),
    );
  };
  const handleDeleted = () => {
    announce(t('post.deleted'));
    void navigate(`/s/${encodeURIComponent(current.space.slug)}`);
  };

  return (
    <>
      <PageTitle title={current.title} />
      {editing ? (
        <>
          <h1>{t('post.editTitle')}</h1>
          <Composer
            initial={{
              title: current.title,
              body: current.bodyMarkdown,
              tags: current.tags,
              paidDeclared: current.paidDeclared,
            }}
            submitLabel={t('actions.save')}
            onSubmit={handleSave}
            onCancel={handleCancelEdit}
            autoFocus
          />
        </>
      ) : (
        <PostArticle
          post={current}
          signedIn={user !== null}
          onReactions={handleReactions}
          onEdit={handleEdit}
          onDeleted={handleDeleted}
        />
      )}
      <CommentsSection
        key={current.id}
        post={current}
        signedIn={user !== null}
        onPostChange={handlePostChange}
      />
    </>
  );
}
