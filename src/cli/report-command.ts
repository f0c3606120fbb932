/**
 * `guild report roi`: writes the ROI and impact report (docs/REPORTS.md) of one tenant for a
 * run of months to a file, as HTML or PDF, in a locale, and prints one line saying what it
 * wrote. A bad period, an unknown tenant, region, segment or locale exits with status 2.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../core/config/config.js';
import { openDatabase } from '../core/db/database.js';
import { migrate } from '../core/db/migrate.js';
import { GuildError } from '../core/errors/errors.js';
import {
  makeReport,
  REPORT_FORMATS,
  type ReportFormat,
} from '../analytics/report/report.service.js';
import { tenantsFor } from './tenants.js';

interface RoiOptions {
  period: string;
  tenant?: string;
  region?: string;
  segment?: string;
  format: string;
  locale?: string;
  out?: string;
}

/** `YYYY-MM..YYYY-MM` as its two months, or null. */
export function parsePeriod(value: string): { from: string; to: string } | null {
  const match = /^(\d{4}-(?:0[1-9]|1[0-2]))\.\.(\d{4}-(?:0[1-9]|1[0-2]))$/.exec(value);
  return match ? { from: match[1]!, to: match[2]! } : null;
}

function usage(message: string): void {
  console.error(message);
  process.exitCode = 2;
}

async function writeRoiReport(options: RoiOptions): Promise<void> {
  const period = parsePeriod(options.period);
  if (!period) {
    return usage(`--period takes two months as YYYY-MM..YYYY-MM, not "${options.period}".`);
  }
  if (!(REPORT_FORMATS as readonly string[]).includes(options.format)) {
    return usage(`--format is one of ${REPORT_FORMATS.join(', ')}.`);
  }
  const format = options.format as ReportFormat;
  const db = openDatabase(loadConfig().database);
  try {
    await migrate(db);
    const tenants = await tenantsFor(db, options.tenant);
    if (tenants.length === 0) {
      return;
    }
    if (tenants.length > 1) {
      return usage(`There are ${tenants.length} tenants: name one with --tenant <slug>.`);
    }
    const [row] = await db.query<{ id: string; slug: string; name: string; locale: string }>(
      'SELECT id, slug, name, default_locale AS locale FROM tenants WHERE id = $1',
      [tenants[0]!.id],
    );
    const tenant = { id: row!.id, slug: row!.slug, name: row!.name, defaultLocale: row!.locale };
    const file = await db.tenant(tenant.id, (tx) =>
      makeReport(
        tx,
        tenant,
        { ...period, region: options.region, segment: options.segment },
        { format, locale: options.locale, generatedAt: new Date() },
      ),
    );
    const out = path.resolve(options.out ?? file.fileName);
    await writeFile(out, file.bytes);
    console.log(
      `Wrote ${out}: ${format.toUpperCase()}, ${file.bytes.length} bytes, ` +
        `${tenant.slug} ${period.from}..${period.to}, ${file.locale}`,
    );
  } catch (error) {
    if (error instanceof GuildError && error.code === 'validation_failed') {
      return usage(error.message);
    }
    throw error;
  } finally {
    await db.close();
  }
}

export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('Reports for stakeholders');
  report
    .command('roi')
    .description('Write the ROI and impact report for a run of months (HTML or PDF)')
    .requiredOption('--period <from..to>', 'months YYYY-MM..YYYY-MM, both included')
    .option('--tenant <slug>', 'the tenant (needed when there are several)')
    .option('--region <code>', 'only this region')
    .option('--segment <key>', 'only this segment')
    .option('--format <format>', 'pdf or html', 'pdf')
    .option('--locale <locale>', "the report's locale (default: the tenant's), e.g. de-DE")
    .option('--out <file>', 'where to write it (default: its name in this directory)')
    .action((options: RoiOptions) => writeRoiReport(options));
}
