/**
 * Time-zone arithmetic for Guild's importers, on the platform's own Intl data: turning a local
 * wall-clock time in an IANA zone into an instant, and an instant into a local calendar date.
 *
 * A local time that falls in a daylight-saving gap (it never happened) moves forward by the
 * length of the gap; a local time that happens twice resolves to one of its two instants, the
 * one the zone's offset at that wall-clock reading (taken as UTC) gives.
 */

/** A wall-clock reading, months 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MINUTE_MS = 60_000;
const BUCKET_MS = 15 * MINUTE_MS;
const DAY_MS = 86_400_000;
const CACHE_LIMIT = 50_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
interface OffsetCache {
  days: Map<number, number>;
  quarters: Map<number, number>;
}

const offsetCaches = new Map<string, OffsetCache>();

/** Whether `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's offset from UTC, in minutes, at the instant `utcMs`. Offsets are cached per UTC
 * day when the offset is the same at both ends of the day, and per 15 minutes on the few days
 * when it changes (every zone changes offset on a quarter hour).
 */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  if (timeZone === 'UTC') {
    return 0;
  }

  const cache = cacheFor(timeZone);
  const day = Math.floor(utcMs / DAY_MS);
  const daily = cache.days.get(day);
  if (daily !== undefined) {
    return daily;
  }

  const quarter = Math.floor(utcMs / BUCKET_MS);
  return cache.quarters.get(quarter) ?? fillCache(cache, day, quarter, timeZone);
}

/** Caches the offset of a whole day, or of one quarter hour on a day the offset changes. */
function fillCache(cache: OffsetCache, day: number, quarter: number, timeZone: string): number {
  const start = computeOffset(day * DAY_MS, timeZone);
  const end = computeOffset((day + 1) * DAY_MS - 1000, timeZone);

  if (start === end) {
    cache.days.set(day, start);
    return start;
  }

  const offset = computeOffset(quarter * BUCKET_MS, timeZone);
  cache.quarters.set(quarter, offset);

  return offset;
}

/** The instant (ms since the epoch) at which clocks in `timeZone` show `wall`. */
export function wallTimeToUtc(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );

  const first = zoneOffsetMinutes(asUtc, timeZone);
  const guess = asUtc - first * MINUTE_MS;
  const second = zoneOffsetMinutes(guess, timeZone);

  return second === first ? guess : asUtc - second * MINUTE_MS;
}

/** The calendar date (YYYY-MM-DD) that clocks in `timeZone` show at `instant`. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  const local = new Date(
    instant.getTime() + zoneOffsetMinutes(instant.getTime(), timeZone) * MINUTE_MS,
  );

  return local.toISOString().slice(0, 10);
}

function computeOffset(utcMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? '0');

  const wallAsUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );

  return Math.round((wallAsUtc - utcMs) / MINUTE_MS);
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);

  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }

  return formatter;
}

function cacheFor(timeZone: string): OffsetCache {
  let cache = offsetCaches.get(timeZone);

  if (cache === undefined || cache.days.size + cache.quarters.size > CACHE_LIMIT) {
    cache = { days: new Map(), quarters: new Map() };
    offsetCaches.set(timeZone, cache);
  }

  return cache;
}
