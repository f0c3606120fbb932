/**
 * The program ROI for the period: the figure with its interval, program cost and benefits,
 * the place among the surveyed programs (band, percentile, how many had a lower ROI), the
 * benefits by source as a table, the report's notes and what each figure means.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { bandKey, type RoiReport } from '../../api/analytics';
import { BenchmarkBand } from './BenchmarkBand';
import { CsvDownload } from './CsvDownload';
import { useAnalyticsFormat } from './useAnalyticsFormat';

export function RoiSummary({ report }: { report: RoiReport }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const money = (value: number) => af.money(value, report.currency);
  const { roi, benefits, benchmark } = report;
  const placement = benchmark.placement;
  const placementText = placement
    ? t('analytics.roi.placement', {
        percentile: af.decimal(Math.round(placement.percentile * 10) / 10),
        band: t(`analytics.bands.${bandKey(placement.band)}`),
        below: placement.programsBelow,
        programs: benchmark.programs,
      })
    : t('analytics.roi.noPlacement');
  const rows: [string, number, number, number][] = [
    [
      t('analytics.roi.liftMargin'),
      benefits.retentionLift.estimate,
      benefits.retentionLift.low,
      benefits.retentionLift.high,
    ],
    [
      t('analytics.roi.referrals', { count: benefits.referrals.converted }),
      benefits.referrals.value,
      benefits.referrals.value,
      benefits.referrals.value,
    ],
    [
      t('analytics.roi.ugc', { count: benefits.ugc.approved }),
      benefits.ugc.value,
      benefits.ugc.value,
      benefits.ugc.value,
    ],
    [t('analytics.roi.benefits'), benefits.total.estimate, benefits.total.low, benefits.total.high],
    [t('analytics.roi.programCost'), report.cost.total, report.cost.total, report.cost.total],
  ];
  const header = [
    t('analytics.roi.part'),
    t('analytics.roi.estimate'),
    t('analytics.roi.low'),
    t('analytics.roi.high'),
  ];

  return (
    <section className="page-section" aria-labelledby={`${id}-roi`}>
      <h2 id={`${id}-roi`}>{t('analytics.metrics.programRoi')}</h2>
      <dl className="figures metrics-figures">
        <div>
          <dt>{t('analytics.metrics.programRoi')}</dt>
          <dd>{af.rate(roi.estimate)}</dd>
        </div>
        <div>
          <dt>{t('analytics.roi.interval')}</dt>
          <dd>
            {roi.low !== null && roi.high !== null
              ? t('analytics.roi.range', { low: af.rate(roi.low), high: af.rate(roi.high) })
              : af.none}
          </dd>
        </div>
        <div>
          <dt>{t('analytics.roi.programCost')}</dt>
          <dd>{money(report.cost.total)}</dd>
        </div>
        <div>
          <dt>{t('analytics.roi.benefits')}</dt>
          <dd>{money(benefits.total.estimate)}</dd>
        </div>
      </dl>
      {roi.estimate === null ? <p className="notice">{t('analytics.cards.noRoi')}</p> : null}
      <p className="small">{t('analytics.definitions.programRoi')}</p>
      <h3>{t('analytics.roi.benchmark')}</h3>
      <p>{placementText}</p>
      <BenchmarkBand
        report={report}
        label={`${t('analytics.roi.benchmark')}: ${placementText}`}
        tickLabels={{
          p25: t('analytics.roi.tick', { name: 'p25', value: af.rate(benchmark.p25) }),
          median: t('analytics.roi.tick', {
            name: t('analytics.roi.median'),
            value: af.rate(benchmark.median),
          }),
          p75: t('analytics.roi.tick', { name: 'p75', value: af.rate(benchmark.p75) }),
        }}
      />
      <p className="small muted">{t('analytics.definitions.benchmark')}</p>
      <div className="table-wrap">
        <table>
          <caption>{t('analytics.roi.breakdown')}</caption>
          <thead>
            <tr>
              {header.map((text, index) => (
                <th key={text} scope="col" className={index > 0 ? 'number' : undefined}>
                  {text}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, estimate, low, high]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="number">{money(estimate)}</td>
                <td className="number">{money(low)}</td>
                <td className="number">{money(high)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="actions">
        <CsvDownload
          title={t('analytics.roi.breakdown')}
          filename={`roi-${report.from}-${report.to}`}
          csv={() => ({
            header: [...header, t('analytics.roi.currency')],
            rows: rows.map((row) => [...row, report.currency]),
          })}
        />
      </p>
      {report.notes.length > 0 ? (
        <>
          <h3>{t('analytics.roi.notes')}</h3>
          <ul className="compact-list">
            {report.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
