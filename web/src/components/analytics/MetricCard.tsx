/**
 * One key metric as a card: its name, the figure, what period it is for, a small trend over
 * the months of the period (a picture only; the numbers are in the charts' tables) and its
 * definition, always visible.
 */
import { useId, type ReactNode } from 'react';
import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';
import { SERIES_COLOURS } from './TrendChart';

interface MetricCardProps {
  title: string;
  value: string;
  /** e.g. "October 2026" or "Jan 2026 – Dec 2026". */
  period: string;
  /** Further figures under the value (the interval, the previous month). */
  detail?: ReactNode;
  definition: string;
  /** The metric's value in each month of the period, oldest first. */
  trend?: readonly (number | null)[];
}

export function MetricCard({ title, value, period, detail, definition, trend }: MetricCardProps) {
  const id = useId();
  const points = (trend ?? []).map((item, index) => ({ index, value: item }));
  const drawable = points.filter((point) => point.value !== null).length >= 2;
  return (
    <article className="metric-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="metric-title">
        {title}
      </h3>
      <p className="metric-value">{value}</p>
      <p className="small muted">{period}</p>
      {detail ? <div className="small">{detail}</div> : null}
      {drawable ? (
        <div className="sparkline" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%" minWidth={0}>
            <LineChart data={points} accessibilityLayer={false}>
              <YAxis hide domain={['dataMin', 'dataMax']} />
              <Line
                dataKey="value"
                type="monotone"
                stroke={SERIES_COLOURS[0]}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : null}
      <p className="metric-definition small">{definition}</p>
    </article>
  );
}
