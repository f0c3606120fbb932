import { useTranslation } from 'react-i18next';

interface SponsoredBadgeProps {
  /** The brand the post is for; the badge says only "Sponsored" without one. */
  sponsorLabel: string | null | undefined;
}

/**
 * The "Sponsored · <brand>" badge a post with paid or sponsored content shows above its text,
 * in feeds and on the post page (DISC-09: the platform marks it, whatever the text says).
 */
export function SponsoredBadge({ sponsorLabel }: SponsoredBadgeProps) {
  const { t } = useTranslation();
  return (
    <p className="sponsored-label">
      <span className="badge badge-sponsored">
        {sponsorLabel ? t('disclosure.badge', { brand: sponsorLabel }) : t('disclosure.badgePlain')}
      </span>
    </p>
  );
}
