/**
 * The real data sets the real-data demo reads (../shared/data beside the checkout): where each
 * file lives, the check that they are all there, deterministic draws (a hash of a key, so the
 * same folder always builds the same community), the regions the UCI orders' countries fall
 * into, and the clothing reviews read into memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse/sync';

/** The files the demo needs, relative to the data folder. */
export const REAL_FILES = {
  orders: 'online-retail/online_retail.csv.gz',
  reviews: 'clothing-reviews/womens_clothing_ecommerce_reviews.csv',
  tweets: 'airline-tweets/Tweets.csv',
} as const;

export type RealFiles = Record<keyof typeof REAL_FILES, string>;

/** A folder that is missing or lacks some of the files: bad input, named plainly. */
export class RealDataMissing extends Error {}

/** The absolute paths of the three files; throws `RealDataMissing` naming what is absent. */
export function locateRealFiles(folder: string): RealFiles {
  const root = path.resolve(folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new RealDataMissing(`No data folder at ${root}.`);
  }
  const files = Object.fromEntries(
    Object.entries(REAL_FILES).map(([key, relative]) => [key, path.join(root, relative)]),
  ) as RealFiles;
  const missing = Object.values(REAL_FILES).filter(
    (relative) => !existsSync(path.join(root, relative)),
  );
  if (missing.length > 0) {
    throw new RealDataMissing(
      `The data folder ${root} lacks ${missing.join(', ')} (see ../shared/data/README.md).`,
    );
  }
  return files;
}

/** A number in [0, 1) from a key and a salt: the same key always draws the same number. */
export function draw(key: string, salt: string): number {
  const digest = createHash('sha256').update(`${salt}:${key}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** The regions of the community: the UK, the European Union of 2011, the rest of the world. */
export const REAL_REGIONS = [
  {
    code: 'UK',
    name: 'United Kingdom',
    currency: 'GBP',
    locale: 'en-GB',
    timezone: 'Europe/London',
  },
  {
    code: 'EU',
    name: 'European Union',
    currency: 'GBP',
    locale: 'en-GB',
    timezone: 'Europe/Paris',
  },
  { code: 'ROW', name: 'Rest of the world', currency: 'GBP', locale: 'en-GB', timezone: 'UTC' },
] as const;

/** Countries of the orders file that were EU member states in 2011 (and its "European Community"). */
export const EU_COUNTRY_NAMES: readonly string[] = [
  'Austria',
  'Belgium',
  'Cyprus',
  'Czech Republic',
  'Denmark',
  'EIRE',
  'European Community',
  'Finland',
  'France',
  'Germany',
  'Greece',
  'Italy',
  'Lithuania',
  'Malta',
  'Netherlands',
  'Poland',
  'Portugal',
  'Spain',
  'Sweden',
];
const EU_COUNTRIES = new Set(EU_COUNTRY_NAMES);

/** The region code of an orders-file country. */
export function regionOfCountry(country: string | null): 'UK' | 'EU' | 'ROW' {
  if (country === 'United Kingdom') {
    return 'UK';
  }
  return country !== null && EU_COUNTRIES.has(country) ? 'EU' : 'ROW';
}

/** The customer segments, from purchases before joining. */
export const REAL_SEGMENTS = [
  { key: 'frequent', name: 'Frequent buyers (5+ orders before joining)' },
  { key: 'occasional', name: 'Occasional buyers (under 5 orders before joining)' },
  { key: 'high-value', name: 'High value (£2,000+ spent before joining)' },
] as const;

/** One review of the clothing file with a text. */
export interface Review {
  row: number;
  clothingId: string;
  title: string;
  text: string;
  rating: number;
  department: string;
  className: string;
}

/** The reviews that have a text, in file order. */
export function readReviews(file: string): Review[] {
  const records = parse<Record<string, string>>(readFileSync(file), {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const reviews: Review[] = [];
  records.forEach((record, index) => {
    const text = (record['Review Text'] ?? '').trim();
    if (text === '') {
      return;
    }
    reviews.push({
      row: index + 1,
      clothingId: record['Clothing ID'] ?? '',
      title: (record['Title'] ?? '').trim(),
      text,
      rating: Number(record['Rating'] ?? 0),
      department: (record['Department Name'] ?? '').trim() || 'General',
      className: (record['Class Name'] ?? '').trim(),
    });
  });
  return reviews;
}

/**
 * Writes the orders file's lines of a share of its customers (drawn by CustomerID; guest lines
 * kept at the same share by invoice) to `target`, a plain CSV with the same header, so a
 * smaller demo goes through the same import. Returns the lines written.
 */
export async function writeOrdersShare(
  source: string,
  target: string,
  share: number,
): Promise<number> {
  const lines = createInterface({ input: createReadStream(source).pipe(createGunzip()) });
  const out = createWriteStream(target);
  let header: string[] | null = null;
  let written = 0;
  const customerAt = { index: -1, invoice: -1 };
  for await (const line of lines) {
    if (header === null) {
      header = line.split(',');
      customerAt.index = header.indexOf('CustomerID');
      customerAt.invoice = header.indexOf('InvoiceNo');
      out.write(`${line}\n`);
      continue;
    }
    // CustomerID and InvoiceNo are never quoted; descriptions may hold commas, so read the
    // invoice from the start and the customer from the end of the line.
    const fields = line.split(',');
    const customer = fields[fields.length - (header.length - customerAt.index)] ?? '';
    const key = customer !== '' ? `c:${customer}` : `i:${fields[customerAt.invoice] ?? ''}`;
    if (draw(key, 'orders-share') < share) {
      out.write(`${line}\n`);
      written += 1;
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(resolve);
  });
  return written;
}
