/**
 * The ROI report as text and charts in one language: every figure of the content (content.ts)
 * formatted through the locale's one formatter (format.ts), every chart as a Vega spec with the
 * table of its figures beside it. The HTML and the PDF both lay out this same view, so they say
 * the same things.
 */
import type * as vega from 'vega';
import { INDUSTRY_ROI } from '../roi/benchmark.js';
import { COST_CATEGORIES } from '../roi/costs.service.js';
import { barSpec, intervalSpec, renderSvg, trendSpec, type TrendPoint } from './charts.js';
import type { ReportContent } from './content.js';
import { MISSING, reportFormatter, type ReportFormatter } from './format.js';
import { KEY_METRICS, messagesFor, type KeyMetric, type ReportMessages } from './messages.js';

export interface ChartTable {
  head: string[];
  rows: string[][];
}

export interface ChartView {
  id: string;
  title: string;
  spec: vega.Spec;
  /** The rendered SVG, filled by `renderCharts`. */
  svg: string;
  table: ChartTable;
}

export interface MetricView {
  key: KeyMetric;
  name: string;
  value: string;
  qualifier: string;
  detail: string;
  definition: string;
  chart: ChartView | null;
  /** Said instead of a chart when there is none. */
  missing: string | null;
}

export interface Labelled {
  label: string;
  value: string;
}

export interface ReportView {
  locale: string;
  language: string;
  messages: ReportMessages;
  title: string;
  facts: Labelled[];
  summary: Labelled[];
  metrics: MetricView[];
  supporting: ChartTable;
  costs: { chart: ChartView; rows: Labelled[]; total: Labelled };
  notes: string[];
  methods: { title: string; text: string }[];
}

/** The ROI service's note on a missing lift run, replaced by the report's own wording. */
const SERVICE_NO_RUN_NOTE = 'No lift run with an estimate is stored';

/** The lift run's group sizes, as the summary and the lift's detail give them. */
function groups(content: ReportContent, f: ReportFormatter, m: ReportMessages): string {
  const sizes = content.liftSizes;
  const matched = sizes?.matchedMembers ?? content.roi.lift?.matchedMembers ?? null;
  return m.summaryLines.groups(f.integer(matched), f.integer(sizes?.distinctControls ?? null));
}

function trendTable(points: TrendPoint[], m: ReportMessages, show: (v: number | null) => string) {
  const series = [...new Set(points.map((p) => p.series))];
  const labels = [...new Set(points.map((p) => p.label))];
  return {
    head: [m.month, ...series],
    rows: labels.map((label) => [
      label,
      ...series.map((s) => show(points.find((p) => p.label === label && p.series === s)!.value)),
    ]),
  };
}

function trendChart(
  id: string,
  title: string,
  points: TrendPoint[],
  kind: 'percent' | 'hours',
  f: ReportFormatter,
  m: ReportMessages,
): ChartView {
  const show = (v: number | null) => (kind === 'percent' ? f.percent(v) : f.hours(v));
  return {
    id,
    title,
    spec: trendSpec(points, kind, f.locale, title),
    svg: '',
    table: trendTable(points, m, show),
  };
}

function metricViews(content: ReportContent, f: ReportFormatter, m: ReportMessages): MetricView[] {
  const months = content.months;
  const label = (month: string) => f.month(month);
  const { engagement, ambassadorRetention, contentApproval, moderation } = content.periodFigures;
  const { roi, lift } = content.roi;
  const trend = (key: KeyMetric, values: (i: number) => number | null): ChartView =>
    trendChart(
      `chart-${key}`,
      m.chartTitles.trend(m.names[key]),
      months.map((month, i) => ({
        label: label(month.month),
        series: m.names[key],
        value: values(i),
      })),
      'percent',
      f,
      m,
    );
  const base = (key: KeyMetric) => ({
    key,
    name: m.names[key],
    qualifier: m.periodValue[key],
    definition: m.definitionsOf[key],
    missing: null,
  });

  const approvalPoints: TrendPoint[] = months.flatMap((month) => [
    {
      label: label(month.month),
      series: m.series.median,
      value: month.contentApproval.medianHours,
    },
    { label: label(month.month), series: m.series.p90, value: month.contentApproval.p90Hours },
  ]);

  const liftChart: ChartView | null = lift
    ? {
        id: 'chart-customerRetentionLift',
        title: m.chartTitles.lift,
        spec: intervalSpec(
          [
            {
              label: m.names.customerRetentionLift,
              estimate: lift.lift,
              low: lift.liftLow,
              high: lift.liftHigh,
            },
          ],
          [{ label: f.percent(0, 0), value: 0 }],
          'percent',
          f.locale,
          m.chartTitles.lift,
        ),
        svg: '',
        table: {
          head: ['', m.lowHigh.low, m.lowHigh.estimate, m.lowHigh.high],
          rows: [
            [
              m.names.customerRetentionLift,
              f.signedPercent(lift.liftLow),
              f.signedPercent(lift.lift),
              f.signedPercent(lift.liftHigh),
            ],
          ],
        },
      }
    : null;

  const references = [
    { label: m.benchmarkPoints.p25, value: INDUSTRY_ROI.p25 },
    { label: m.benchmarkPoints.median, value: INDUSTRY_ROI.median },
    { label: m.benchmarkPoints.p75, value: INDUSTRY_ROI.p75 },
  ];
  const roiChart: ChartView | null =
    roi.estimate !== null && roi.low !== null && roi.high !== null
      ? {
          id: 'chart-programRoi',
          title: m.chartTitles.roi,
          spec: intervalSpec(
            [{ label: m.names.programRoi, estimate: roi.estimate, low: roi.low, high: roi.high }],
            references,
            'percent',
            f.locale,
            m.chartTitles.roi,
          ),
          svg: '',
          table: {
            head: ['', m.lowHigh.low, m.lowHigh.estimate, m.lowHigh.high],
            rows: [
              [
                m.names.programRoi,
                f.percent(roi.low),
                f.percent(roi.estimate),
                f.percent(roi.high),
              ],
              ...references.map((r) => [r.label, '', f.percent(r.value, 0), '']),
            ],
          },
        }
      : null;

  return [
    {
      ...base('engagementRate'),
      value: f.percent(engagement.rate),
      detail: m.detail.ofMembers(f.integer(engagement.engaged), f.integer(engagement.members)),
      chart: trend('engagementRate', (i) => months[i]!.engagement.engagementRate),
    },
    {
      ...base('ambassadorRetention'),
      value: f.percent(ambassadorRetention.rate),
      detail: m.detail.ofAmbassadors(
        f.integer(ambassadorRetention.retained),
        f.integer(ambassadorRetention.activeAtStart),
      ),
      chart: trend('ambassadorRetention', (i) => months[i]!.ambassadorRetention.rate),
    },
    {
      ...base('contentApprovalTime'),
      value:
        contentApproval.medianHours === null
          ? MISSING
          : `${f.hours(contentApproval.medianHours)} (${f.hours(contentApproval.p90Hours)})`,
      detail: m.detail.decisions(f.integer(contentApproval.decisions)),
      chart: trendChart(
        'chart-contentApprovalTime',
        m.chartTitles.trend(m.names.contentApprovalTime),
        approvalPoints,
        'hours',
        f,
        m,
      ),
    },
    {
      ...base('customerRetentionLift'),
      value: lift ? f.signedPercent(lift.lift) : MISSING,
      detail: lift
        ? `${m.summaryLines.liftInterval} ${f.interval(f.signedPercent(lift.liftLow), f.signedPercent(lift.liftHigh))}; ` +
          groups(content, f, m)
        : m.summaryLines.noLift,
      chart: liftChart,
      missing: lift ? null : m.summaryLines.noLift,
    },
    {
      ...base('moderationCostReduction'),
      value: f.percent(moderation.costReduction),
      detail:
        m.detail.items(f.integer(moderation.items), f.integer(moderation.humanReviews)) +
        (moderation.automaticPrecision === null
          ? ''
          : `; ${m.detail.precision(f.percent(moderation.automaticPrecision))}`),
      chart: trend('moderationCostReduction', (i) => months[i]!.moderation.costReduction),
    },
    {
      ...base('programRoi'),
      value: f.percent(roi.estimate),
      detail:
        roi.estimate === null
          ? m.summaryLines.noRoi
          : `${m.summaryLines.roiInterval} ${f.interval(f.percent(roi.low), f.percent(roi.high))}`,
      chart: roiChart,
      missing: roiChart ? null : m.summaryLines.noRoi,
    },
  ];
}

function summaryOf(content: ReportContent, f: ReportFormatter, m: ReportMessages): Labelled[] {
  const { roi, benchmark, lift, cost, benefits } = content.roi;
  const s = m.summaryLines;
  const lines: Labelled[] = [];
  if (roi.estimate === null) {
    lines.push({ label: s.roi, value: s.noRoi });
  } else {
    lines.push({ label: s.roi, value: f.percent(roi.estimate) });
    lines.push({
      label: s.roiInterval,
      value: f.interval(f.percent(roi.low), f.percent(roi.high)),
    });
  }
  if (benchmark.placement) {
    const place = benchmark.placement;
    lines.push({
      label: s.benchmark,
      value:
        `${m.bands[place.band] ?? place.band}. ` +
        s.percentile(
          f.number(place.percentile, 0),
          f.integer(place.programsBelow),
          f.integer(benchmark.programs),
        ),
    });
  }
  if (lift) {
    lines.push({ label: s.lift, value: f.signedPercent(lift.lift) });
    lines.push({
      label: s.liftInterval,
      value:
        `${f.interval(f.signedPercent(lift.liftLow), f.signedPercent(lift.liftHigh))}; ` +
        groups(content, f, m),
    });
  } else {
    lines.push({ label: s.lift, value: s.noLift });
  }
  lines.push({ label: s.cost, value: f.money(cost.total) });
  lines.push({
    label: s.benefits,
    value: `${f.money(benefits.total.estimate)} (${f.interval(f.money(benefits.total.low), f.money(benefits.total.high))})`,
  });
  lines.push({ label: s.retentionMargin, value: f.money(benefits.retentionLift.estimate) });
  lines.push({
    label: s.referrals(f.integer(benefits.referrals.converted)),
    value: f.money(benefits.referrals.value),
  });
  lines.push({
    label: s.ugc(f.integer(benefits.ugc.approved)),
    value: f.money(benefits.ugc.value),
  });
  return lines;
}

function supportingTable(
  content: ReportContent,
  f: ReportFormatter,
  m: ReportMessages,
): ChartTable {
  const r = m.supportingRows;
  return {
    head: [
      m.month,
      r.firstResponse,
      r.postsAnswered,
      r.pointsIssued,
      r.pointsRedeemed,
      `${r.challengeJoined} / ${r.challengeCompleted}`,
      r.queueOpenAtEnd,
      r.slaBreaches,
      r.contributors,
      r.dauMau,
    ],
    rows: content.supporting.map((month, i) => {
      const engagement = content.months[i]!.engagement;
      return [
        f.month(month.month),
        f.hours(month.firstResponseMedianHours),
        `${f.integer(month.postsAnswered)} / ${f.integer(month.postsPublished)}`,
        f.integer(month.pointsIssued),
        f.integer(month.pointsRedeemed),
        `${f.integer(month.challengeJoined)} / ${f.integer(month.challengeCompleted)}`,
        f.integer(month.queueOpenAtEnd),
        f.integer(month.slaBreaches),
        f.integer(engagement.contributors),
        f.percent(engagement.dauMau),
      ];
    }),
  };
}

function costsOf(
  content: ReportContent,
  f: ReportFormatter,
  m: ReportMessages,
): ReportView['costs'] {
  const byCategory = content.roi.cost.byCategory;
  const bars = COST_CATEGORIES.map((c) => ({ label: m.categories[c], value: byCategory[c] }));
  const title = `${m.chartTitles.costs} (${content.currency})`;
  return {
    chart: {
      id: 'chart-costs',
      title,
      spec: barSpec(bars, 'money', f.locale, title),
      svg: '',
      table: {
        head: [m.category, m.amount],
        rows: bars.map((b) => [b.label, f.money(b.value)]),
      },
    },
    rows: bars.map((b) => ({ label: b.label, value: f.money(b.value) })),
    total: { label: m.total, value: f.money(content.roi.cost.total) },
  };
}

function notesOf(content: ReportContent, f: ReportFormatter, m: ReportMessages): string[] {
  const notes: string[] = [];
  const n = m.reportNotes;
  if (content.scope.regionCode || content.scope.segmentKey) {
    notes.push(n.scopeTenantWide);
  }
  if (content.refusedLift) {
    const refused = content.refusedLift;
    notes.push(
      n.liftRefused(refused.reason, f.integer(refused.matchedMembers), f.integer(refused.minimum)),
    );
  } else if (
    !content.roi.lift &&
    content.roi.notes.some((t) => t.startsWith(SERVICE_NO_RUN_NOTE))
  ) {
    notes.push(n.noLiftRun);
  }
  if (content.roi.roi.estimate === null) {
    notes.push(n.noCost);
  }
  notes.push(...content.roi.notes.filter((t) => !t.startsWith(SERVICE_NO_RUN_NOTE)));
  return notes;
}

/** The report in the locale's language and formats; charts still to be rendered. */
export function reportView(content: ReportContent, locale: string): ReportView {
  const f = reportFormatter(locale, content.currency);
  const m = messagesFor(f.language);
  const scope = [
    content.scope.regionCode ? `${m.region} ${content.scope.regionCode}` : null,
    content.scope.segmentKey ? `${m.segment} ${content.scope.segmentKey}` : null,
  ].filter((part): part is string => part !== null);
  return {
    locale,
    language: f.language,
    messages: m,
    title: m.title,
    facts: [
      { label: m.tenant, value: content.tenant.name },
      {
        label: m.period,
        value: `${f.period(content.period.from, content.period.to)} (${content.period.from} – ${content.period.to})`,
      },
      { label: m.scope, value: scope.length > 0 ? scope.join(', ') : m.wholeTenant },
      { label: m.generatedAt, value: f.instant(content.generatedAt) },
      { label: m.currency, value: content.currency },
    ],
    summary: summaryOf(content, f, m),
    metrics: metricViews(content, f, m),
    supporting: supportingTable(content, f, m),
    costs: costsOf(content, f, m),
    notes: notesOf(content, f, m),
    methods: m.methodParagraphs,
  };
}

/** Every chart of the view. */
export function chartsOf(view: ReportView): ChartView[] {
  return [
    ...view.metrics.flatMap((metric) => (metric.chart ? [metric.chart] : [])),
    view.costs.chart,
  ];
}

/** Renders every chart's SVG into the view. */
export async function renderCharts(view: ReportView): Promise<ReportView> {
  for (const chart of chartsOf(view)) {
    chart.svg = await renderSvg(chart.spec);
  }
  return view;
}

export { KEY_METRICS };
