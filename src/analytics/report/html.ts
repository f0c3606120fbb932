/**
 * The ROI report as one self-contained HTML file: inline CSS, inline SVG charts each with a
 * <title> and the table of its figures, no script and no external reference. Every piece of
 * text goes through Mustache's escaping; only the charts' SVG, which Guild renders itself from
 * the report's own figures, is inserted as markup.
 */
import Mustache from 'mustache';
import type { ChartView, ReportView } from './view.js';

const CSS = `
:root { color-scheme: light; }
body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: #1d1d1d; margin: 0;
  line-height: 1.45; font-size: 15px; }
main { max-width: 920px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; margin: 0 0 6px; }
h2 { font-size: 21px; margin: 40px 0 12px; border-bottom: 2px solid #1f5fa8; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 0 0 4px; }
.subtitle { color: #555; margin: 0 0 20px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.metric { border: 1px solid #ddd; border-radius: 6px; padding: 16px; margin: 16px 0;
  break-inside: avoid; }
.metric .figure { display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
.metric .value { font-size: 26px; font-weight: 700; color: #1f5fa8; }
.metric .qualifier, .metric .detail { color: #555; }
.definition { background: #f5f7fa; border-left: 3px solid #1f5fa8; padding: 6px 10px; margin: 8px 0;
  font-size: 13px; }
figure { margin: 12px 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #444; }
.chart-table { font-size: 12px; }
.chart-table caption { text-align: left; font-size: 12px; color: #555; }
.supporting { font-size: 12px; }
@media print { main { padding: 0; } h2 { break-after: avoid; } }
`;

const TEMPLATE = `<!DOCTYPE html>
<html lang="{{language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Guild">
<title>{{title}} – {{tenantName}}</title>
<style>{{{css}}}</style>
</head>
<body>
<main>
<header>
<h1>{{title}}</h1>
<p class="subtitle">{{m.subtitle}}</p>
<dl class="facts">
{{#facts}}<dt>{{label}}</dt><dd>{{value}}</dd>
{{/facts}}
</dl>
</header>

<section aria-labelledby="summary">
<h2 id="summary">{{m.summary}}</h2>
<table>
<tbody>
{{#summary}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>
{{/summary}}
</tbody>
</table>
</section>

<section aria-labelledby="metrics">
<h2 id="metrics">{{m.keyMetrics}}</h2>
{{#metrics}}
<article class="metric" id="metric-{{key}}">
<h3>{{name}}</h3>
<div class="figure"><span class="value">{{value}}</span><span class="qualifier">{{qualifier}}</span></div>
<p class="detail">{{detail}}</p>
<p class="definition"><strong>{{m.definitions}}:</strong> {{definition}}</p>
{{#chart}}{{> chart}}{{/chart}}
{{#missing}}<p class="detail">{{missing}}</p>{{/missing}}
</article>
{{/metrics}}
</section>

<section aria-labelledby="supporting">
<h2 id="supporting">{{m.supporting}}</h2>
<table class="supporting">
<thead><tr>{{#supporting.head}}<th scope="col">{{.}}</th>{{/supporting.head}}</tr></thead>
<tbody>
{{#supporting.rows}}<tr>{{#cells}}<td{{#num}} class="num"{{/num}}>{{text}}</td>{{/cells}}</tr>
{{/supporting.rows}}
</tbody>
</table>
</section>

<section aria-labelledby="costs">
<h2 id="costs">{{m.costs}}</h2>
{{#costs.chart}}{{> chart}}{{/costs.chart}}
<table>
<tbody>
{{#costs.rows}}<tr><th scope="row">{{label}}</th><td class="num">{{value}}</td></tr>
{{/costs.rows}}
<tr><th scope="row">{{costs.total.label}}</th><td class="num"><strong>{{costs.total.value}}</strong></td></tr>
</tbody>
</table>
</section>

<section aria-labelledby="notes">
<h2 id="notes">{{m.notes}}</h2>
{{#hasNotes}}<ul>
{{#notes}}<li>{{.}}</li>
{{/notes}}
</ul>{{/hasNotes}}
{{^hasNotes}}<p>{{m.noNotes}}</p>{{/hasNotes}}
</section>

<section aria-labelledby="methods">
<h2 id="methods">{{m.methods}}</h2>
{{#methods}}<h3>{{title}}</h3>
<p>{{text}}</p>
{{/methods}}
<h3>{{m.definitions}}</h3>
<dl>
{{#metrics}}<dt><strong>{{name}}</strong></dt><dd>{{definition}}</dd>
{{/metrics}}
</dl>
</section>
</main>
</body>
</html>
`;

const CHART = `<figure id="{{id}}">
{{{figureSvg}}}
<figcaption>{{title}}</figcaption>
<table class="chart-table">
<caption>{{tableCaption}}</caption>
<thead><tr>{{#table.head}}<th scope="col">{{.}}</th>{{/table.head}}</tr></thead>
<tbody>
{{#table.rows}}<tr>{{#.}}<td>{{.}}</td>{{/.}}</tr>
{{/table.rows}}
</tbody>
</table>
</figure>`;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The chart's SVG with a <title> (its accessible name) and role="img", scripts refused. */
export function accessibleSvg(chart: ChartView): string {
  if (/<script|<foreignObject|\son\w+=/i.test(chart.svg)) {
    throw new Error(`Chart ${chart.id} rendered markup that a report must not carry`);
  }
  const titleId = `${chart.id}-title`;
  return chart.svg.replace(
    /^<svg\b([^>]*)>/,
    (_, attributes: string) =>
      `<svg${attributes} role="img" aria-labelledby="${titleId}">` +
      `<title id="${titleId}">${escapeHtml(chart.title)}</title>`,
  );
}

const isNumeric = (text: string) => /^[-+−]?[\d.,\s  ]+(%|\s?%)?$/.test(text) || text === '–';

/** The report as HTML (UTF-8 text). Render the view's charts first. */
export function renderHtml(view: ReportView, tenantName: string): string {
  const withSvg = (chart: ChartView) => ({
    ...chart,
    figureSvg: accessibleSvg(chart),
    tableCaption: view.messages.chartTable,
  });
  const data = {
    css: CSS,
    language: view.language,
    title: view.title,
    tenantName,
    m: view.messages,
    facts: view.facts,
    summary: view.summary,
    metrics: view.metrics.map((metric) => ({
      ...metric,
      chart: metric.chart ? withSvg(metric.chart) : null,
    })),
    supporting: {
      head: view.supporting.head,
      rows: view.supporting.rows.map((row) => ({
        cells: row.map((text, i) => ({ text, num: i > 0 && isNumeric(text) })),
      })),
    },
    costs: { ...view.costs, chart: withSvg(view.costs.chart) },
    notes: view.notes,
    hasNotes: view.notes.length > 0,
    methods: view.methods,
  };
  return Mustache.render(TEMPLATE, data, { chart: CHART }, { escape: escapeHtml });
}
