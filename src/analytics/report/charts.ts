/**
 * The ROI report's charts as Vega specs, rendered to SVG on the server (no browser, no canvas):
 * a trend by month for a key metric, the retention lift with its interval, the ROI with its
 * interval against the industry quartiles, and program cost by category. Axis labels follow the
 * report's locale (its decimal and grouping marks); the month labels come already formatted.
 * The same spec and data give the same SVG, byte for byte.
 */
import * as vega from 'vega';
import { numberSeparators } from './format.js';

const WIDTH = 440;
const HEIGHT = 150;
const COLOURS = ['#1f5fa8', '#c2571a', '#4d8a3a'];
const AXIS_GREY = '#6b6b6b';

/** How a chart's values are shown on its axis. */
export type AxisKind = 'percent' | 'hours' | 'number' | 'money';

export interface TrendPoint {
  /** The month as the report writes it (Jan 2025). */
  label: string;
  series: string;
  value: number | null;
}

export interface IntervalPoint {
  label: string;
  estimate: number;
  low: number;
  high: number;
}

export interface Bar {
  label: string;
  value: number;
}

const AXIS_FORMAT: Record<AxisKind, string> = {
  percent: '.0%',
  hours: ',.1~f',
  number: ',~s',
  money: ',.0f',
};

/** The locale block of a spec: the report locale's decimal, grouping and percent marks. */
function localeOf(locale: string): Record<string, unknown> {
  const marks = numberSeparators(locale);
  return {
    number: {
      decimal: marks.decimal,
      thousands: marks.thousands,
      grouping: [3],
      currency: ['', ''],
      percent: marks.percent,
    },
  };
}

const baseConfig = {
  axis: {
    labelColor: '#222',
    labelFontSize: 10,
    titleFontSize: 10,
    domainColor: AXIS_GREY,
    tickColor: AXIS_GREY,
    gridColor: '#e3e3e3',
  },
  legend: { labelFontSize: 10, symbolSize: 60 },
  text: { fontSize: 10 },
} as const;

/** A line per series over the months, with a dot on each month that has a value. */
export function trendSpec(
  points: readonly TrendPoint[],
  axis: AxisKind,
  locale: string,
  description: string,
): vega.Spec {
  const series = [...new Set(points.map((p) => p.series))];
  const labels = [...new Set(points.map((p) => p.label))];
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    description,
    width: WIDTH,
    height: HEIGHT,
    padding: 6,
    background: '#ffffff',
    locale: localeOf(locale),
    config: baseConfig,
    data: [{ name: 'points', values: points.map((p) => ({ ...p })) }],
    scales: [
      { name: 'x', type: 'point', domain: labels, range: 'width', padding: 0.5 },
      {
        name: 'y',
        type: 'linear',
        domain: { data: 'points', field: 'value' },
        range: 'height',
        zero: true,
        nice: true,
      },
      { name: 'colour', type: 'ordinal', domain: series, range: COLOURS },
    ],
    axes: [
      {
        orient: 'bottom',
        scale: 'x',
        labelAngle: labels.length > 8 ? -40 : 0,
        labelAlign: labels.length > 8 ? 'right' : 'center',
      },
      { orient: 'left', scale: 'y', format: AXIS_FORMAT[axis], grid: true, tickCount: 4 },
    ],
    ...(series.length > 1
      ? { legends: [{ fill: 'colour', orient: 'top', direction: 'horizontal' }] }
      : {}),
    marks: [
      {
        type: 'group',
        from: { facet: { name: 'one', data: 'points', groupby: 'series' } },
        marks: [
          {
            type: 'line',
            from: { data: 'one' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'label' },
                y: { scale: 'y', field: 'value' },
                stroke: { scale: 'colour', field: 'series' },
                strokeWidth: { value: 2 },
                defined: { signal: 'isValid(datum.value)' },
              },
            },
          },
        ],
      },
      {
        type: 'symbol',
        from: { data: 'points' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'label' },
            y: { scale: 'y', field: 'value' },
            fill: { scale: 'colour', field: 'series' },
            size: { value: 30 },
            opacity: { signal: 'isValid(datum.value) ? 1 : 0' },
          },
        },
      },
    ],
  } as vega.Spec;
}

/** Estimates with their intervals on a horizontal axis, with reference lines and labels. */
export function intervalSpec(
  points: readonly IntervalPoint[],
  references: readonly { label: string; value: number }[],
  axis: AxisKind,
  locale: string,
  description: string,
): vega.Spec {
  const values = [
    ...points.flatMap((p) => [p.low, p.high, p.estimate]),
    ...references.map((r) => r.value),
    0,
  ];
  const spread = Math.max(...values) - Math.min(...values) || 1;
  const domain = [Math.min(...values) - spread * 0.08, Math.max(...values) + spread * 0.08];
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    description,
    width: WIDTH,
    height: 40 + points.length * 28,
    padding: 6,
    background: '#ffffff',
    locale: localeOf(locale),
    config: baseConfig,
    data: [
      { name: 'points', values: points.map((p) => ({ ...p })) },
      { name: 'references', values: references.map((r) => ({ ...r })) },
    ],
    scales: [
      { name: 'x', type: 'linear', domain, range: 'width', nice: false, zero: false },
      {
        name: 'y',
        type: 'band',
        domain: points.map((p) => p.label),
        range: [28, { signal: 'height' }],
        padding: 0.4,
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', format: AXIS_FORMAT[axis], grid: true, tickCount: 6 },
      { orient: 'left', scale: 'y', domain: false, ticks: false },
    ],
    marks: [
      {
        type: 'rule',
        from: { data: 'references' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'value' },
            y: { value: 14 },
            y2: { signal: 'height' },
            stroke: { value: '#8a8a8a' },
            strokeDash: { value: [4, 3] },
          },
        },
      },
      {
        type: 'text',
        from: { data: 'references' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'value' },
            y: { value: 10 },
            text: { field: 'label' },
            align: { value: 'center' },
            fill: { value: '#444' },
            fontSize: { value: 9 },
          },
        },
      },
      {
        type: 'rule',
        from: { data: 'points' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'low' },
            x2: { scale: 'x', field: 'high' },
            y: { scale: 'y', field: 'label', band: 0.5 },
            stroke: { value: COLOURS[0] },
            strokeWidth: { value: 3 },
          },
        },
      },
      {
        type: 'symbol',
        from: { data: 'points' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'estimate' },
            y: { scale: 'y', field: 'label', band: 0.5 },
            fill: { value: COLOURS[1] },
            size: { value: 80 },
          },
        },
      },
    ],
  } as vega.Spec;
}

/** Horizontal bars, one per label, with the value at the bar's end. */
export function barSpec(
  bars: readonly Bar[],
  axis: AxisKind,
  locale: string,
  description: string,
): vega.Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    description,
    width: WIDTH,
    height: bars.length * 24,
    padding: 6,
    background: '#ffffff',
    locale: localeOf(locale),
    config: baseConfig,
    data: [{ name: 'bars', values: bars.map((b) => ({ ...b })) }],
    scales: [
      {
        name: 'x',
        type: 'linear',
        domain: { data: 'bars', field: 'value' },
        range: 'width',
        zero: true,
        nice: true,
      },
      { name: 'y', type: 'band', domain: bars.map((b) => b.label), range: 'height', padding: 0.25 },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', format: AXIS_FORMAT[axis], grid: true, tickCount: 5 },
      { orient: 'left', scale: 'y' },
    ],
    marks: [
      {
        type: 'rect',
        from: { data: 'bars' },
        encode: {
          enter: {
            x: { scale: 'x', value: 0 },
            x2: { scale: 'x', field: 'value' },
            y: { scale: 'y', field: 'label' },
            height: { scale: 'y', band: 1 },
            fill: { value: COLOURS[0] },
          },
        },
      },
    ],
  } as vega.Spec;
}

/** The chart as an SVG document (no script, no external reference). */
export async function renderSvg(spec: vega.Spec): Promise<string> {
  // The locale block is read from the options (the parsed runtime does not carry it).
  const { locale } = spec as { locale?: Record<string, unknown> };
  const view = new vega.View(vega.parse(spec), {
    renderer: 'none',
    ...(locale ? { locale } : {}),
  } as vega.ViewOptions);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
