/**
 * A trend by month as a recharts line or bar chart, titled, with the same numbers in a table
 * beside it (visually hidden until "Show the table" is pressed, always read by screen readers)
 * and a "Download CSV" for them. The chart itself is one image named by the title; the table
 * carries the figures.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CsvDownload } from './CsvDownload';
import { useAnalyticsFormat } from './useAnalyticsFormat';

/** Colours that stay apart for common colour blindness (and against white). */
export const SERIES_COLOURS = ['#0b57d0', '#c2410c', '#15803d', '#7e22ce', '#a16207', '#be123c'];

export interface ChartSeries {
  key: string;
  label: string;
  values: readonly (number | null)[];
}

/** One series per named figure of the rows: the figure's key, its label, its value by row. */
export function figureSeries<Row extends object, Key extends keyof Row & string>(
  rows: readonly Row[],
  keys: readonly Key[],
  label: (key: Key) => string,
): ChartSeries[] {
  return keys.map((key) => ({
    key,
    label: label(key),
    values: rows.map((row) => {
      const value = row[key];
      return typeof value === 'number' ? value : null;
    }),
  }));
}

interface TrendChartProps {
  title: string;
  /** `YYYY-MM`, oldest first. */
  months: readonly string[];
  series: readonly ChartSeries[];
  kind: 'line' | 'bar';
  /** How a value reads in the axis, the tooltip and the table. */
  format: (value: number | null) => string;
  filename: string;
  /** The server's CSV export of the table these come from, when there is one. */
  exportHref?: string;
  /** A sentence under the title (e.g. the definition). */
  note?: string;
}

export function TrendChart({
  title,
  months,
  series,
  kind,
  format,
  filename,
  exportHref,
  note,
}: TrendChartProps) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const data = months.map((month, index) => {
    const row: Record<string, string | number | null> = { month: af.month(month) };
    for (const item of series) {
      row[item.key] = item.values[index] ?? null;
    }
    return row;
  });
  const empty = series.every((item) => item.values.every((value) => value === null));
  const chartProps = { data, margin: { top: 8, right: 8, bottom: 0, left: 0 } };
  const axes = (
    <>
      <CartesianGrid stroke="#d3d6dc" strokeDasharray="3 3" />
      <XAxis dataKey="month" tick={{ fontSize: 12 }} minTickGap={8} />
      <YAxis
        tick={{ fontSize: 12 }}
        width={56}
        tickFormatter={(value: number) => format(value)}
        allowDecimals
      />
      <Tooltip formatter={(value) => (typeof value === 'number' ? format(value) : af.none)} />
      <Legend />
    </>
  );

  return (
    <figure className="analytics-chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`} className="chart-title">
          {title}
        </h3>
        {note ? <p className="small muted">{note}</p> : null}
      </figcaption>
      {empty ? (
        <p className="muted">{t('analytics.common.noData')}</p>
      ) : (
        <div className="chart-box" role="img" aria-labelledby={`${id}-title`}>
          <ResponsiveContainer width="100%" height="100%" minWidth={0}>
            {kind === 'line' ? (
              <LineChart {...chartProps} accessibilityLayer={false}>
                {axes}
                {series.map((item, index) => (
                  <Line
                    key={item.key}
                    dataKey={item.key}
                    name={item.label}
                    type="monotone"
                    stroke={SERIES_COLOURS[index % SERIES_COLOURS.length]}
                    strokeWidth={2}
                    dot={{ r: 3 }}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            ) : (
              <BarChart {...chartProps} accessibilityLayer={false}>
                {axes}
                {series.map((item, index) => (
                  <Bar
                    key={item.key}
                    dataKey={item.key}
                    name={item.label}
                    fill={SERIES_COLOURS[index % SERIES_COLOURS.length]}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
      {/* Tables ignore overflow, so the wrapper is what hides it. */}
      <div className={showTable ? 'table-wrap' : 'visually-hidden'}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('analytics.common.month')}</th>
              {series.map((item) => (
                <th scope="col" className="number" key={item.key}>
                  {item.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((month, index) => (
              <tr key={month}>
                <th scope="row">{af.month(month)}</th>
                {series.map((item) => (
                  <td className="number" key={item.key}>
                    {format(item.values[index] ?? null)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="actions">
        <button
          type="button"
          className="button small"
          aria-pressed={showTable}
          aria-label={t('analytics.chart.showTableNamed', { title })}
          onClick={() => setShowTable((value) => !value)}
        >
          {t('analytics.chart.showTable')}
        </button>
        <CsvDownload
          title={title}
          filename={filename}
          href={exportHref}
          csv={() => ({
            header: [t('analytics.common.month'), ...series.map((item) => item.label)],
            rows: months.map((month, index) => [
              month,
              ...series.map((item) => item.values[index] ?? null),
            ]),
          })}
        />
      </p>
    </figure>
  );
}
