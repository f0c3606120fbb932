import { describe, expect, it } from 'vitest';
import { barSpec, intervalSpec, renderSvg, trendSpec } from './charts.js';
import { accessibleSvg, escapeHtml } from './html.js';
import { pdfText } from './pdf.js';

/** The parts of a spec the tests look at. */
interface SpecParts {
  data: { values: unknown[] }[];
  scales: { domain: unknown }[];
  axes: { format?: string }[];
  legends?: unknown;
  locale: { number: Record<string, unknown> };
}

const points = [
  { label: 'Jan 2025', series: 'Rate', value: 0.1 },
  { label: 'Feb 2025', series: 'Rate', value: null },
  { label: 'Mar 2025', series: 'Rate', value: 0.4 },
];

describe('report charts', () => {
  it('builds a trend spec over the months with the locale’s number marks', () => {
    const spec = trendSpec(points, 'percent', 'de-DE', 'Rate by month') as unknown as SpecParts;
    expect(spec.data[0]!.values).toHaveLength(3);
    expect(spec.scales[0]!.domain).toEqual(['Jan 2025', 'Feb 2025', 'Mar 2025']);
    expect(spec.axes[1]!.format).toBe('.0%');
    expect(spec.locale.number).toMatchObject({ decimal: ',', thousands: '.' });
    expect(spec.legends).toBeUndefined();
  });

  it('renders SVG with the axis labels, the same every time', async () => {
    const spec = trendSpec(points, 'percent', 'de-DE', 'Rate by month');
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Mar 2025');
    expect(svg).toContain('40\u00a0%');
    expect(await renderSvg(spec)).toBe(svg);
  });

  it('builds interval and bar charts', async () => {
    const interval = intervalSpec(
      [{ label: 'ROI', estimate: 0.4, low: 0.2, high: 0.6 }],
      [{ label: 'Median', value: 0.5 }],
      'percent',
      'en-GB',
      'ROI',
    ) as unknown as SpecParts;
    expect(interval.data[1]!.values).toEqual([{ label: 'Median', value: 0.5 }]);
    const [low, high] = interval.scales[0]!.domain as [number, number];
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0.6);
    const bars = barSpec([{ label: 'Staff', value: 2500.5 }], 'money', 'en-GB', 'Costs');
    expect(await renderSvg(bars)).toContain('Staff');
  });

  it('gives each SVG a title and refuses script', async () => {
    const svg = await renderSvg(barSpec([{ label: 'A', value: 1 }], 'number', 'en-GB', 'x'));
    const chart = { id: 'c1', title: 'Costs <&>', spec: {}, svg, table: { head: [], rows: [] } };
    expect(accessibleSvg(chart)).toMatch(
      /^<svg[^>]* role="img" aria-labelledby="c1-title"><title id="c1-title">Costs &lt;&amp;&gt;<\/title>/,
    );
    expect(() => accessibleSvg({ ...chart, svg: '<svg><script>x</script></svg>' })).toThrow();
    expect(escapeHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;');
  });

  it('keeps PDF text to what the standard fonts can draw', () => {
    expect(pdfText('a − b ≈ c € ä – σ')).toBe('a - b ~ c € ä – ?');
  });
});
