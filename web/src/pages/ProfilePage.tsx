import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useSession } from '../api/session';
import type { Me } from '../api/types';
import { followMember, useProfile, useUserPosts } from '../api/users';
import { announce } from '../components/announcer';
import { EmailVerificationNotice } from '../components/EmailVerificationNotice';
import { ErrorAlert } from '../components/ErrorAlert';
import { FollowButton } from '../components/FollowButton';
import { Loading } from '../components/Loading';
import { LoadMore } from '../components/LoadMore';
import { PageTitle } from '../components/PageTitle';
import { PostList } from '../components/PostList';
import { ProfileEditForm } from '../components/ProfileEditForm';
import { useFormat } from '../i18n/useFormat';

const SHOWN_ROLES = ['ambassador', 'moderator', 'manager', 'admin'] as const;
type ShownRole = (typeof SHOWN_ROLES)[number];

function isShownRole(role: string): role is ShownRole {
  return (SHOWN_ROLES as readonly string[]).includes(role);
}

/**
 * A member's profile and posts; members edit their own name, bio and locale here, and see
 * whether their e-mail address is verified.
 */
export function ProfilePage() {
  const { username = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const format = useFormat();
  const profile = useProfile(username);
  const posts = useUserPosts(username);
  const [editing, setEditing] = useState(false);

  useEffect(() => setEditing(false), [username]);

  if (profile.loading && !profile.data) {
    return <Loading />;
  }
  if (profile.error || !profile.data) {
    return <ErrorAlert error={profile.error} onRetry={profile.reload} />;
  }
  const member = profile.data;
  const isMe = user?.id === member.id;

  const handleEdit = () => setEditing(true);
  const handleCancel = () => setEditing(false);
  const handleSaved = (me: Me) => {
    profile.setData({ ...member, displayName: me.displayName, bio: me.bio });
    setEditing(false);
    announce(t('profile.saved'));
  };

  return (
    <>
      <PageTitle title={member.displayName} />
      <div className="page-head profile-head">
        <h1>{member.displayName}</h1>
        <p className="meta">
          <span>@{member.username}</span>
          {isShownRole(member.role) ? (
            <span className="badge">{t(`roles.${member.role}`)}</span>
          ) : null}
          {member.region ? <span>{member.region.name}</span> : null}
        </p>
        {member.bio ? <p className="bio">{member.bio}</p> : null}
        <p className="meta">
          <span>{t('profile.memberSince', { date: format.date(member.createdAt) })}</span>
          <span>
            {t('spaces.posts', {
              count: member.postCount,
              formatted: format.number(member.postCount),
            })}
          </span>
        </p>
        <div className="actions">
          {user && !isMe ? (
            <FollowButton
              label={t('follow.member')}
              following={member.following}
              save={(following) => followMember(member.username, following)}
            />
          ) : null}
          {isMe && !editing ? (
            <button type="button" className="button" onClick={handleEdit}>
              {t('profile.edit')}
            </button>
          ) : null}
        </div>
      </div>
      {isMe && user ? <EmailVerificationNotice me={user} /> : null}
      {isMe && editing && user ? (
        <section aria-labelledby="profile-edit-heading">
          <h2 id="profile-edit-heading">{t('profile.edit')}</h2>
          <ProfileEditForm me={user} onSaved={handleSaved} onCancel={handleCancel} />
        </section>
      ) : null}
      <section aria-labelledby="profile-posts-heading">
        <h2 id="profile-posts-heading">{t('profile.posts')}</h2>
        {posts.loading ? <Loading /> : null}
        {posts.items.length === 0 ? (
          <ErrorAlert error={posts.error} onRetry={posts.reload} />
        ) : null}
        {!posts.loading && !posts.error && posts.items.length === 0 ? (
          <p>{t('profile.noPosts')}</p>
        ) : null}
        <PostList posts={posts.items} headingLevel={3} showSpace label={t('profile.posts')} />
        <LoadMore paged={posts} />
      </section>
    </>
  );
}
