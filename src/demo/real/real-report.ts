/**
 * The ROI report of the real-data demo as an HTML file, when the report module
 * (src/analytics/report/) is there: content → view → charts → HTML. The module is loaded at
 * run time, so the demo still builds and runs where it is absent; then no file is written.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database, Orm } from '../../core/db/database.js';

type Loose = (...args: unknown[]) => unknown;

async function load(name: string): Promise<Record<string, unknown> | null> {
  const base = new URL(`../../analytics/report/${name}`, import.meta.url);
  for (const extension of ['.js', '.ts']) {
    try {
      return (await import(`${base.href}${extension}`)) as Record<string, unknown>;
    } catch {
      // try the next extension; absent either way means no report module
    }
  }
  return null;
}

/** Writes `roi-report-<slug>.html` in `dataDir`; returns its path, or null without the module. */
export async function writeReport(
  db: Database,
  tenant: { id: string; slug: string; name: string },
  dataDir: string,
  period: { from: string; to: string },
): Promise<string | null> {
  const [content, view, html] = await Promise.all([load('content'), load('view'), load('html')]);
  const reportContent = content?.['reportContent'] as Loose | undefined;
  const reportView = view?.['reportView'] as Loose | undefined;
  const renderCharts = view?.['renderCharts'] as Loose | undefined;
  const renderHtml = html?.['renderHtml'] as Loose | undefined;
  if (!reportContent || !reportView || !renderCharts || !renderHtml) {
    return null;
  }
  const page = await db.tenant(tenant.id, async (tx: Orm) => {
    const figures = await reportContent(tx, tenant, period, new Date());
    const shaped = await renderCharts(reportView(figures, 'en-GB'));
    return String(renderHtml(shaped, tenant.name));
  });
  const file = path.join(dataDir, `roi-report-${tenant.slug}.html`);
  writeFileSync(file, page);
  return file;
}
