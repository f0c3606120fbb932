import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Space } from '../api/types';
import { useFormat } from '../i18n/useFormat';

export function SpaceCard({ space }: { space: Space }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <article className="card space-card">
      <h2>
        <Link to={`/s/${encodeURIComponent(space.slug)}`}>{space.name}</Link>
      </h2>
      {space.description ? <p>{space.description}</p> : null}
      <p className="meta">
        <span>
          {t('spaces.posts', { count: space.postCount, formatted: format.number(space.postCount) })}
        </span>
        {space.region ? <span>{space.region.name}</span> : null}
        {space.visibility === 'private' ? (
          <span className="badge">{t('spaces.private')}</span>
        ) : null}
        {space.following ? <span className="badge">{t('spaces.following')}</span> : null}
      </p>
    </article>
  );
}
