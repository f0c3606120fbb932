import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { useSpaces } from '../api/spaces';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { SpaceCard } from '../components/SpaceCard';

/** The space list: every space this visitor may see. */
export function HomePage() {
  const { t } = useTranslation();
  const spaces = useSpaces();
  const items = spaces.data?.items ?? [];
  const location = useLocation();
  const passwordReset =
    typeof location.state === 'object' &&
    location.state !== null &&
    (location.state as { passwordReset?: unknown }).passwordReset === true;
  return (
    <>
      <PageTitle title={t('spaces.title')} />
      <h1>{t('spaces.title')}</h1>
      {passwordReset ? <p className="notice">{t('passwordReset.doneNotice')}</p> : null}
      <p className="lead">{t('spaces.intro')}</p>
      {spaces.loading ? <Loading /> : null}
      <ErrorAlert error={spaces.error} onRetry={spaces.reload} />
      {!spaces.loading && !spaces.error && items.length === 0 ? <p>{t('spaces.empty')}</p> : null}
      <ul className="space-list plain-list">
        {items.map((space) => (
          <li key={space.id}>
            <SpaceCard space={space} />
          </li>
        ))}
      </ul>
    </>
  );
}
