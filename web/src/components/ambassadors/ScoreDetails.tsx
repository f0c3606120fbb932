import { useTranslation } from 'react-i18next';
import type { Candidate, Explanation, Feature } from '../../api/ambassadors';
import { useSession } from '../../api/session';
import { formatNumber } from '../../i18n/format';
import { useFormat } from '../../i18n/useFormat';

/** The score, or that the member is excluded. */
export function ScoreValue({ score }: { score: number | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <span className="score-value">
      {score === null
        ? t('ambassadors.score.excluded')
        : format.number(Math.round(score * 10) / 10)}
    </span>
  );
}

/** The reasons in words (strengths and limits) and the exclusions, as lists. */
export function ReasonList({ candidate }: { candidate: Candidate }) {
  const { t } = useTranslation();
  const strengths = candidate.reasons.filter((reason) => reason.kind === 'strength');
  const limits = candidate.reasons.filter((reason) => reason.kind === 'limit');
  return (
    <>
      {strengths.length > 0 ? (
        <ul className="compact-list" aria-label={t('ambassadors.score.strengths')}>
          {strengths.map((reason) => (
            <li key={`${reason.feature}-s`}>{reason.text}</li>
          ))}
        </ul>
      ) : null}
      {limits.length > 0 ? (
        <ul className="compact-list" aria-label={t('ambassadors.score.limits')}>
          {limits.map((reason) => (
            <li key={`${reason.feature}-l`}>
              {t('ambassadors.score.limit')} {reason.text}
            </li>
          ))}
        </ul>
      ) : null}
      {candidate.exclusionTexts.length > 0 ? (
        <ul className="compact-list" aria-label={t('ambassadors.score.exclusions')}>
          {candidate.exclusionTexts.map((text) => (
            <li key={text}>{t('ambassadors.score.excludedBecause', { text })}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/**
 * Every input of a score: the feature, its value, its weight (managers) or weight band
 * (members), and the points it gave.
 */
export function FeatureTable({
  explanation,
  showWeights,
}: {
  explanation: Explanation;
  showWeights: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { regions } = useSession();
  const round = (value: number) => format.number(Math.round(value * 100) / 100);
  // Spend is in minor units of the member's region's currency; without a known currency it is
  // shown as a plain amount with two decimals.
  const currency = regions.find((region) => region.code === explanation.regionCode)?.currency;
  const valueText = (feature: Feature, value: number): string => {
    switch (feature) {
      case 'spend':
        return currency
          ? format.money(Math.round(value), currency)
          : new Intl.NumberFormat(format.locale, {
              minimumFractionDigits: 2,
              maximumFractionDigits: 2,
            }).format(value / 100);
      case 'recency_days':
      case 'tenure_days':
        return t('ambassadors.score.days', {
          count: Math.round(value),
          days: formatNumber(Math.round(value), format.locale),
        });
      case 'return_share':
      case 'mention_sentiment':
        return format.percent(value);
      case 'purchase_frequency':
      case 'product_breadth':
      case 'active_months':
      case 'loyalty_tier':
      case 'accepted_answers':
      case 'reactions_received':
      case 'contributions':
      case 'reviews':
      case 'social_reach':
        return round(value);
    }
  };
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">
          {t('ambassadors.score.inputsOf', { program: explanation.programName })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('ambassadors.score.feature')}</th>
            <th scope="col">{t('ambassadors.score.value')}</th>
            <th scope="col">
              {showWeights ? t('ambassadors.score.weight') : t('ambassadors.score.weightBand')}
            </th>
            <th scope="col">{t('ambassadors.score.points')}</th>
          </tr>
        </thead>
        <tbody>
          {explanation.features.map((line) => (
            <tr key={line.feature}>
              <th scope="row">{line.label}</th>
              <td>
                {line.value === null
                  ? t('ambassadors.score.noValue')
                  : valueText(line.feature, line.value)}
              </td>
              <td>
                {showWeights
                  ? `${round(line.weight)} (${t(`ambassadors.bands.${line.weightBand}`)})`
                  : t(`ambassadors.bands.${line.weightBand}`)}
              </td>
              <td>{round(line.points)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
