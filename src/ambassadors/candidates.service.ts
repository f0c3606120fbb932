/**
 * Reading scores: a program's candidates best first, with filters; one member's score with
 * everything that made it (for managers, and for the member's own "why this score?" page);
 * members' requests for a human review of a score or exclusion (PRV-09); opting out.
 *
 * Every read joins the member's scoring consent as it is now, so a withdrawn consent hides a
 * score at once, before the next run deletes it.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError, fail } from '../core/errors/errors.js';
import { consentInForce } from '../privacy/consents.service.js';
import { getProgram } from './programs.service.js';
import { EXCLUSION_TEXT, type Exclusion } from './scoring/exclusions.js';
import {
  FEATURES,
  FEATURE_SPECS,
  type Feature,
  type Inputs,
  type Weights,
} from './scoring/features.js';
import type { Reason } from './scoring/score.js';
import type { State } from './workflow.js';

export interface CandidateRow {
  userId: string;
  username: string;
  displayName: string;
  regionCode: string | null;
  score: number | null;
  reasons: Reason[];
  exclusions: Exclusion[];
  exclusionTexts: string[];
  /** The member's state in this program's pipeline, or null. */
  state: State | null;
  asOf: Date;
  computedAt: Date;
}

export interface CandidateQuery {
  programId: string;
  regionCode?: string;
  segmentKey?: string;
  minScore?: number;
  /** Include excluded members (they sort after everyone scored). */
  includeExcluded?: boolean;
  /** Only members not yet in the pipeline. */
  notInPipeline?: boolean;
  limit: number;
  cursor?: string;
}

interface Row {
  user_id: string;
  username: string;
  display_name: string;
  region_code: string | null;
  score: number | null;
  reasons: Reason[];
  exclusions: Exclusion[];
  state: State | null;
  as_of: string | Date;
  computed_at: string | Date;
}

function candidateOf(row: Row): CandidateRow {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    regionCode: row.region_code,
    score: row.score === null ? null : Number(row.score),
    reasons: row.reasons,
    exclusions: row.exclusions,
    exclusionTexts: row.exclusions.map((e) => EXCLUSION_TEXT[e]),
    state: row.state,
    asOf: new Date(row.as_of),
    computedAt: new Date(row.computed_at),
  };
}

/** Keyset position in a list sorted by score (nulls last) then member id. */
function encode(row: Row): string {
  return Buffer.from(JSON.stringify([row.score, row.user_id])).toString('base64url');
}

function decode(raw: string): { score: number | null; userId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      (value[0] === null ||
        (typeof value[0] === 'number' &&
          Number.isFinite(value[0]) &&
          value[0] >= 0 &&
          value[0] <= 100)) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(value[1])
    ) {
      return { score: value[0] as number | null, userId: value[1] };
    }
  } catch {
    // refused below
  }
  throw new GuildError('bad_cursor');
}

const COLUMNS = sql`s.user_id, u.username, u.display_name, r.code as region_code, s.score,
  s.reasons, s.exclusions, a.state, s.as_of, s.computed_at`;
const FROM = sql`from ambassador_scores s
  join users u on u.id = s.user_id
  left join regions r on r.id = u.region_id
  left join ambassadors a on a.program_id = s.program_id and a.user_id = s.user_id`;

export async function listCandidates(
  tx: Orm,
  query: CandidateQuery,
): Promise<{ items: CandidateRow[]; nextCursor: string | null }> {
  await getProgram(tx, query.programId);
  const after = query.cursor ? decode(query.cursor) : null;
  const position = after
    ? after.score === null
      ? sql`and s.score is null and s.user_id > ${after.userId}::uuid`
      : sql`and (s.score is null or s.score < ${after.score}::real
                 or (s.score = ${after.score}::real and s.user_id > ${after.userId}::uuid))`
    : sql``;
  const rows = await sqlRows<Row>(
    tx,
    sql`select ${COLUMNS} ${FROM}
         where s.program_id = ${query.programId}
           and ${consentInForce(sql`s.user_id`, 'ambassador_scoring')}
           ${query.includeExcluded ? sql`` : sql`and s.score is not null`}
           ${query.minScore !== undefined ? sql`and s.score >= ${query.minScore}` : sql``}
           ${query.regionCode ? sql`and r.code = ${query.regionCode}` : sql``}
           ${
             query.segmentKey
               ? sql`and exists (select 1 from user_segments us join segments g on g.id = us.segment_id
                                  where us.user_id = s.user_id and g.key = ${query.segmentKey})`
               : sql``
           }
           ${query.notInPipeline ? sql`and a.id is null` : sql``}
           ${position}
         order by s.score desc nulls last, s.user_id
         limit ${query.limit + 1}`,
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(candidateOf),
    nextCursor: rows.length > query.limit && last ? encode(last) : null,
  };
}

export interface FeatureExplanation {
  feature: Feature;
  label: string;
  /** The member's raw value; null when there was nothing to measure or it may not be read. */
  value: number | null;
  weight: number;
  /** low / medium / high: the weight's share of the program's weights. */
  weightBand: 'low' | 'medium' | 'high';
  /** Points this feature added to the score. */
  points: number;
}

export interface ScoreExplanation extends CandidateRow {
  programId: string;
  programName: string;
  features: FeatureExplanation[];
  /** How to contest the score, in words. */
  contest: string;
  review: {
    id: string;
    status: 'open' | 'resolved';
    outcome: string | null;
    response: string | null;
  } | null;
}

function band(weight: number, weights: Weights): FeatureExplanation['weightBand'] {
  const total = FEATURES.reduce((sum, f) => sum + weights[f], 0);
  const share = total > 0 ? weight / total : 0;
  return share >= 0.12 ? 'high' : share >= 0.06 ? 'medium' : 'low';
}

/** One member's score in one program with every input, weight and reason; null: no score row. */
export async function explainScore(
  tx: Orm,
  programId: string,
  userId: string,
): Promise<ScoreExplanation | null> {
  const program = await getProgram(tx, programId);
  const [row] = await sqlRows<
    Row & { inputs: Partial<Inputs>; contributions: Partial<Record<Feature, number>> }
  >(
    tx,
    sql`select ${COLUMNS}, s.inputs, s.contributions ${FROM}
         where s.program_id = ${programId} and s.user_id = ${userId}
           and ${consentInForce(sql`s.user_id`, 'ambassador_scoring')}`,
  );
  if (!row) {
    return null;
  }
  const [review] = await sqlRows<{
    id: string;
    status: 'open' | 'resolved';
    outcome: string | null;
    response: string | null;
  }>(
    tx,
    sql`select id, status, outcome, response from ambassador_score_reviews
         where program_id = ${programId} and user_id = ${userId}
         order by requested_at desc limit 1`,
  );
  return {
    ...candidateOf(row),
    programId,
    programName: program.name,
    features: FEATURES.filter((f) => program.weights[f] > 0).map((feature) => ({
      feature,
      label: FEATURE_SPECS[feature].label,
      value: row.inputs[feature] ?? null,
      weight: program.weights[feature],
      weightBand: band(program.weights[feature], program.weights),
      points: row.contributions[feature] ?? 0,
    })),
    contest:
      'If something here is wrong or you think the score is unfair, ask for a human review: a ' +
      'community manager will look at it, answer you, and can correct it. You can also turn ' +
      'off ambassador scoring in your privacy settings at any time.',
    review: review ?? null,
  };
}

export interface ScoreReview {
  id: string;
  programId: string;
  programName: string;
  userId: string;
  username: string;
  message: string;
  scoreSeen: number | null;
  exclusionsSeen: string[];
  status: 'open' | 'resolved';
  outcome: 'upheld' | 'changed' | null;
  response: string | null;
  requestedAt: Date;
  resolvedBy: string | null;
  resolvedAt: Date | null;
}

interface ReviewRow {
  id: string;
  program_id: string;
  program_name: string;
  user_id: string;
  username: string;
  message: string;
  score_seen: number | null;
  exclusions_seen: string[];
  status: 'open' | 'resolved';
  outcome: 'upheld' | 'changed' | null;
  response: string | null;
  requested_at: string | Date;
  resolved_by: string | null;
  resolved_at: string | Date | null;
}

function reviewOf(row: ReviewRow): ScoreReview {
  return {
    id: row.id,
    programId: row.program_id,
    programName: row.program_name,
    userId: row.user_id,
    username: row.username,
    message: row.message,
    scoreSeen: row.score_seen,
    exclusionsSeen: row.exclusions_seen,
    status: row.status,
    outcome: row.outcome,
    response: row.response,
    requestedAt: new Date(row.requested_at),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
  };
}

const REVIEW_SELECT = sql`select v.id, v.program_id, p.name as program_name, v.user_id, u.username,
    v.message, v.score_seen, v.exclusions_seen, v.status, v.outcome, v.response, v.requested_at,
    v.resolved_by, v.resolved_at
  from ambassador_score_reviews v
  join ambassador_programs p on p.id = v.program_id
  join users u on u.id = v.user_id`;

async function reviewById(tx: Orm, id: string): Promise<ScoreReview> {
  const [row] = await sqlRows<ReviewRow>(tx, sql`${REVIEW_SELECT} where v.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such score review.');
  }
  return reviewOf(row);
}

/** A member asks a person to look at their score or exclusion in a program. */
export async function requestReview(
  tx: Orm,
  tenantId: string,
  input: { programId: string; userId: string; message: string },
): Promise<ScoreReview> {
  await getProgram(tx, input.programId);
  const [score] = await sqlRows<{ score: number | null; exclusions: string[] }>(
    tx,
    sql`select score, exclusions from ambassador_scores
         where program_id = ${input.programId} and user_id = ${input.userId}`,
  );
  if (!score) {
    throw fail.conflict('You have no score in this program to review.');
  }
  const message = (input.message ?? '').trim().slice(0, 2000);
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into ambassador_score_reviews (tenant_id, program_id, user_id, message, score_seen,
          exclusions_seen)
        values (${tenantId}, ${input.programId}, ${input.userId}, ${message}, ${score.score},
                ${sql.param(score.exclusions)}::text[])
        on conflict (program_id, user_id) where status = 'open' do nothing
        returning id`,
  );
  if (!row) {
    throw fail.conflict('You asked for a review of this score already; a manager will answer.');
  }
  return reviewById(tx, row.id);
}

export async function listReviews(
  tx: Orm,
  options: { status?: 'open' | 'resolved'; limit: number },
): Promise<ScoreReview[]> {
  const rows = await sqlRows<ReviewRow>(
    tx,
    sql`${REVIEW_SELECT} ${options.status ? sql`where v.status = ${options.status}` : sql``}
        order by v.requested_at desc, v.id desc limit ${options.limit}`,
  );
  return rows.map(reviewOf);
}

export async function resolveReview(
  tx: Orm,
  input: { id: string; outcome: 'upheld' | 'changed'; response: string; resolvedBy: string },
): Promise<ScoreReview> {
  const response = input.response.trim();
  if (response.length < 5) {
    throw fail.validation('Tell the member what was found (at least 5 characters).', {
      field: 'response',
    });
  }
  const updated = await sqlRows<{ id: string }>(
    tx,
    sql`update ambassador_score_reviews set status = 'resolved', outcome = ${input.outcome},
          response = ${response.slice(0, 2000)}, resolved_by = ${input.resolvedBy},
          resolved_at = now()
        where id = ${input.id} and status = 'open' returning id`,
  );
  if (updated.length === 0) {
    const existing = await reviewById(tx, input.id);
    throw fail.conflict(`This review is ${existing.status} already.`);
  }
  return reviewById(tx, input.id);
}

/** Turns the member's opt-out of every ambassador program on or off. */
export async function setOptOut(tx: Orm, tenantId: string, userId: string, optedOut: boolean) {
  if (optedOut) {
    await tx.execute(
      sql`insert into ambassador_opt_outs (tenant_id, user_id) values (${tenantId}, ${userId})
          on conflict (user_id) do nothing`,
    );
  } else {
    await tx.execute(sql`delete from ambassador_opt_outs where user_id = ${userId}`);
  }
}

export async function isOptedOut(tx: Orm, userId: string): Promise<boolean> {
  const [row] = await sqlRows<{ yes: boolean }>(
    tx,
    sql`select exists (select 1 from ambassador_opt_outs where user_id = ${userId}) as yes`,
  );
  return row?.yes === true;
}
