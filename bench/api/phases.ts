/**
 * The measured phases on one database: feed reads over HTTP, the same feed query without
 * HTTP, then post and comment creation at a fixed rate. Each phase runs for the same number
 * of seconds after a short, unmeasured warm-up.
 */
import { generateLoad, type ClientMode } from './client.js';
import type { LoadResult, LoadSpec } from './load.js';
import {
  checkSameFeed,
  feedQuery,
  measureRaw,
  runFeed,
  type FeedQuery,
  type RawResult,
} from './raw-feed.js';
import { seed, startBenchGuild, type Fixture } from './setup.js';

export const CONNECTIONS = 10;
export const WRITE_RATE = 100;
const FEED_LIMIT = 20;

export interface Settings {
  seconds: number;
  client: ClientMode;
  /** Progress lines go here (stderr), so stdout holds only the report. */
  progress: (line: string) => void;
  /** Told how to stop the Guild being measured (null once stopped), for interruptions. */
  running?: (stop: (() => Promise<void>) | null) => void;
}

export interface DbFigures {
  seedSeconds: number;
  reads: LoadResult;
  raw: RawResult;
  posts: LoadResult;
  comments: LoadResult;
}

function warmUpSeconds(seconds: number): number {
  return Math.max(1, Math.round(seconds / 5));
}

function feedPath(fixture: Fixture): string {
  return `/api/v1/spaces/${fixture.spaceSlug}/posts?limit=${FEED_LIMIT}`;
}

function readSpec(fixture: Fixture, seconds: number): LoadSpec {
  return {
    url: `${fixture.guild.url}${feedPath(fixture)}`,
    method: 'GET',
    headers: { cookie: fixture.cookie },
    connections: CONNECTIONS,
    seconds,
  };
}

function writeSpec(fixture: Fixture, path: string, body: unknown, seconds: number): LoadSpec {
  return {
    url: `${fixture.guild.url}${path}`,
    method: 'POST',
    headers: {
      cookie: fixture.cookie,
      'x-csrf-token': fixture.csrfToken,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    seconds,
    overallRate: WRITE_RATE,
  };
}

const NEW_POST = {
  title: 'Benchmark: which waterproof jacket for cycling to work?',
  body:
    'I cycle **12 km** each way. Looking at the _Storm_ range:\n\n- breathable?\n- packable?\n\n' +
    'See the [size guide](https://example.com/sizes).',
  tags: ['rain-jackets', 'question'],
};
const NEW_COMMENT = { body: 'Same question here, the **Storm** one kept me dry all winter.' };

/** Fetches the API's first page once and checks the raw query returns the same posts. */
async function verifyFeed(fixture: Fixture, query: FeedQuery): Promise<void> {
  const response = await fetch(`${fixture.guild.url}${feedPath(fixture)}`, {
    headers: { cookie: fixture.cookie },
  });
  const page = (await response.json()) as { items?: { title: string }[] };
  if (response.status !== 200 || !page.items) {
    throw new Error(`feed request failed with HTTP ${response.status}`);
  }
  const raw = await runFeed(fixture.guild.db, fixture.tenantId, query);
  checkSameFeed(
    raw,
    page.items.map((item) => item.title),
  );
}

async function httpPhase(spec: LoadSpec, settings: Settings, name: string): Promise<LoadResult> {
  settings.progress(`  ${name}: warm-up ${warmUpSeconds(spec.seconds)} s, then ${spec.seconds} s`);
  await generateLoad({ ...spec, seconds: warmUpSeconds(spec.seconds) }, settings.client);
  return generateLoad(spec, settings.client);
}

async function rawPhase(fixture: Fixture, query: FeedQuery, settings: Settings) {
  const { db } = fixture.guild;
  settings.progress(`  raw feed query: warm-up, then ${settings.seconds} s`);
  const options = { concurrency: CONNECTIONS };
  await measureRaw(db, fixture.tenantId, query, {
    ...options,
    seconds: warmUpSeconds(settings.seconds),
  });
  return measureRaw(db, fixture.tenantId, query, { ...options, seconds: settings.seconds });
}

async function runPhases(fixture: Fixture, settings: Settings): Promise<DbFigures> {
  const { seconds } = settings;
  const query = feedQuery(fixture.guild.db.system, fixture.member, fixture.spaceSlug, FEED_LIMIT);
  await verifyFeed(fixture, query);
  const reads = await httpPhase(readSpec(fixture, seconds), settings, 'feed reads');
  const raw = await rawPhase(fixture, query, settings);
  const postPath = `/api/v1/spaces/${fixture.spaceSlug}/posts`;
  const posts = await httpPhase(
    writeSpec(fixture, postPath, NEW_POST, seconds),
    settings,
    'post creation',
  );
  const commentPath = `/api/v1/posts/${fixture.commentPostId}/comments`;
  const comments = await httpPhase(
    writeSpec(fixture, commentPath, NEW_COMMENT, seconds),
    settings,
    'comment creation',
  );
  return { seedSeconds: fixture.seedSeconds, reads, raw, posts, comments };
}

/** Starts Guild on one database, seeds it, measures, and always stops Guild. */
export async function benchDatabase(
  databaseUrl: string | null,
  settings: Settings,
): Promise<DbFigures> {
  const guild = await startBenchGuild(databaseUrl);
  settings.running?.(() => guild.stop());
  try {
    const fixture = await seed(guild);
    settings.progress(`  set-up done in ${fixture.seedSeconds.toFixed(1)} s`);
    return await runPhases(fixture, settings);
  } finally {
    await guild.stop();
    settings.running?.(null);
  }
}
