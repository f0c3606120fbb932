/**
 * The ROI against the industry distribution (PRODUCT.md: 25th percentile 30%, median 50%,
 * 75th percentile 75%): the four bands on one scale, the interval as a line and the estimate
 * as a mark. Drawn with SVG attributes only (the CSP allows no inline styles); the sentence
 * beside it says the same in words.
 */
import type { RoiReport } from '../../api/analytics';

const WIDTH = 320;
const HEIGHT = 64;
const TOP = 18;
const BAND = 22;
const BAND_FILLS = ['#fde2e1', '#fff4d6', '#e3f3e8', '#cde8d6'];

interface BenchmarkBandProps {
  report: RoiReport;
  label: string;
  tickLabels: { p25: string; median: string; p75: string };
}

export function BenchmarkBand({ report, label, tickLabels }: BenchmarkBandProps) {
  const { p25, median, p75 } = report.benchmark;
  const { estimate, low, high } = report.roi;
  const values = [estimate, low, high].filter((value): value is number => value !== null);
  const min = Math.min(-0.25, ...values);
  const max = Math.max(1.25, ...values);
  const x = (value: number) => ((value - min) / (max - min)) * WIDTH;
  const edges = [min, p25, median, p75, max];
  return (
    <svg
      className="benchmark-band"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      {BAND_FILLS.map((fill, index) => (
        <rect
          key={fill}
          x={x(edges[index])}
          y={TOP}
          width={x(edges[index + 1]) - x(edges[index])}
          height={BAND}
          fill={fill}
        />
      ))}
      {(
        [
          [p25, tickLabels.p25],
          [median, tickLabels.median],
          [p75, tickLabels.p75],
        ] as const
      ).map(([value, text], index) => (
        <g key={text}>
          <line
            x1={x(value)}
            x2={x(value)}
            y1={index === 1 ? TOP - 4 : TOP}
            y2={index === 1 ? TOP + BAND : TOP + BAND + 4}
            stroke="#6b6f78"
            strokeWidth={1}
          />
          {/* The median's label above the band, the quartiles' below, so they never overlap. */}
          <text
            x={x(value)}
            y={index === 1 ? TOP - 6 : HEIGHT - 4}
            fontSize={10}
            textAnchor="middle"
            fill="#4a4d55"
          >
            {text}
          </text>
        </g>
      ))}
      {low !== null && high !== null ? (
        <line
          x1={x(low)}
          x2={x(high)}
          y1={TOP + BAND / 2}
          y2={TOP + BAND / 2}
          stroke="#1b1b1f"
          strokeWidth={2}
        />
      ) : null}
      {estimate !== null ? (
        <circle
          cx={x(estimate)}
          cy={TOP + BAND / 2}
          r={6}
          fill="#0b57d0"
          stroke="#ffffff"
          strokeWidth={2}
        />
      ) : null}
    </svg>
  );
}
