/**
 * Surveys of a program's ambassadors: written as a draft, opened (which invites the program's
 * active and paused ambassadors in-app, and by e-mail those with marketing e-mail consent),
 * answered once by each invited member while open, then closed. Every function works in the
 * caller's tenant transaction; the routes audit managers' actions beside them.
 */
import { sql } from 'drizzle-orm';
import { queueEmailTo } from '../../accounts/email-delivery.js';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import type { NotificationKind } from '../../community/community.table.js';
import { notify } from '../../community/notifications.service.js';
import { hasConsent } from '../../privacy/consents.service.js';
import { getProgram } from '../programs.service.js';
import {
  buildQuestions,
  checkAnswers,
  NPS_ID,
  type Answers,
  type Question,
  type QuestionInput,
} from './questions.js';
import { npsOf, surveyResults, type NpsFigures, type SurveyResults } from './results.js';
import { sentimentOf, type TextSentiment } from './sentiment.js';

export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/**
 * The notification kind of an invitation to a survey. The migration adds it to the database;
 * the community domain's list of kinds (community.table.ts) is to name it too.
 */
export const SURVEY_NOTIFICATION: NotificationKind = 'ambassador_survey';

export interface Survey {
  id: string;
  programId: string;
  title: string;
  intro: string;
  anonymous: boolean;
  questions: Question[];
  status: SurveyStatus;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
}

export interface SurveySummary extends Survey {
  invited: number;
  responded: number;
  responseRate: number | null;
  nps: NpsFigures;
}

interface SurveyRow {
  id: string;
  program_id: string;
  title: string;
  intro: string;
  anonymous: boolean;
  questions: Question[] | string;
  status: SurveyStatus;
  created_by: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  opened_at: string | Date | null;
  closed_at: string | Date | null;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function surveyOf(row: SurveyRow): Survey {
  return {
    id: row.id,
    programId: row.program_id,
    title: row.title,
    intro: row.intro,
    anonymous: row.anonymous,
    questions: json(row.questions),
    status: row.status,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    openedAt: date(row.opened_at),
    closedAt: date(row.closed_at),
  };
}

const SELECT = sql`select id, program_id, title, intro, anonymous, questions, status, created_by,
    created_at, updated_at, opened_at, closed_at from ambassador_surveys`;

export async function getSurvey(tx: Orm, id: string, lock = false): Promise<Survey> {
  const [row] = await sqlRows<SurveyRow>(
    tx,
    sql`${SELECT} where id = ${id} ${lock ? sql`for update` : sql``}`,
  );
  if (!row) {
    throw fail.notFound('No such survey.');
  }
  return surveyOf(row);
}

export interface SurveyInput {
  title?: string;
  intro?: string;
  anonymous?: boolean;
  npsPrompt?: string;
  questions?: QuestionInput[];
}

function cleanTitle(title: string): string {
  const clean = plainTextLine(title).slice(0, 120);
  if (clean.length < 2) {
    throw fail.validation('A survey needs a title.', { field: 'title' });
  }
  return clean;
}

const cleanIntro = (intro: string | undefined) => (intro ?? '').trim().slice(0, 2000);

export async function createSurvey(
  tx: Orm,
  tenantId: string,
  programId: string,
  input: SurveyInput & { title: string },
  authorId: string,
): Promise<Survey> {
  const program = await getProgram(tx, programId);
  if (program.status !== 'active') {
    throw fail.conflict('An archived program takes no new surveys.');
  }
  const questions = buildQuestions(input.npsPrompt, input.questions ?? []);
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into ambassador_surveys (tenant_id, program_id, title, intro, anonymous, questions,
          created_by)
        values (${tenantId}, ${programId}, ${cleanTitle(input.title)}, ${cleanIntro(input.intro)},
                ${input.anonymous ?? true}, ${JSON.stringify(questions)}::jsonb, ${authorId})
        returning id`,
  );
  return getSurvey(tx, row!.id);
}

/** Changes a draft; an open or closed survey keeps its questions (answers depend on them). */
export async function updateSurvey(tx: Orm, id: string, input: SurveyInput): Promise<Survey> {
  const current = await getSurvey(tx, id, true);
  if (current.status !== 'draft') {
    throw fail.conflict('Only a draft survey can be changed.', { status: current.status });
  }
  const npsPrompt = input.npsPrompt ?? current.questions.find((q) => q.id === NPS_ID)?.prompt;
  const questions =
    input.questions === undefined && input.npsPrompt === undefined
      ? current.questions
      : buildQuestions(
          npsPrompt,
          input.questions ??
            current.questions
              .filter((q) => q.kind !== 'nps')
              .map((q) => ({
                kind: q.kind as QuestionInput['kind'],
                prompt: q.prompt,
                options: q.options,
                required: q.required,
              })),
        );
  await tx.execute(
    sql`update ambassador_surveys set
          title = ${input.title === undefined ? current.title : cleanTitle(input.title)},
          intro = ${input.intro === undefined ? current.intro : cleanIntro(input.intro)},
          anonymous = ${input.anonymous ?? current.anonymous},
          questions = ${JSON.stringify(questions)}::jsonb,
          updated_at = date_trunc('milliseconds', now())
        where id = ${id}`,
  );
  return getSurvey(tx, id);
}

/** The program's surveys, newest first, each with its response rate and NPS. */
export async function listSurveys(tx: Orm, programId: string): Promise<SurveySummary[]> {
  await getProgram(tx, programId);
  const rows = await sqlRows<
    SurveyRow & { invited: number; responded: number; nps_values: number[] | null }
  >(
    tx,
    sql`select s.id, s.program_id, s.title, s.intro, s.anonymous, s.questions, s.status,
               s.created_by, s.created_at, s.updated_at, s.opened_at, s.closed_at,
               (select count(*)::int from ambassador_survey_invitations i
                 where i.survey_id = s.id) as invited,
               (select count(*)::int from ambassador_survey_invitations i
                 where i.survey_id = s.id and i.responded) as responded,
               (select array_agg(r.nps) from ambassador_survey_responses r
                 where r.survey_id = s.id and r.nps is not null) as nps_values
          from ambassador_surveys s where s.program_id = ${programId}
         order by s.created_at desc, s.id desc`,
  );
  return rows.map((row) => ({
    ...surveyOf(row),
    invited: row.invited,
    responded: row.responded,
    responseRate: row.invited === 0 ? null : Math.round((row.responded / row.invited) * 1e4) / 1e4,
    nps: npsOf((row.nps_values ?? []).map(Number)),
  }));
}

export interface OpenResult {
  survey: Survey;
  invited: number;
  emailed: number;
}

/**
 * Opens a draft: invites every active or paused ambassador of the program (in-app always; by
 * e-mail only with marketing e-mail consent) and records who was invited, with their region.
 * The caller tells the mail queue once the transaction has committed when `emailed` > 0.
 */
export async function openSurvey(
  tx: Orm,
  tenantId: string,
  id: string,
  actorId: string,
): Promise<OpenResult> {
  const survey = await getSurvey(tx, id, true);
  if (survey.status !== 'draft') {
    throw fail.conflict(`This survey is ${survey.status} already.`, { status: survey.status });
  }
  const program = await getProgram(tx, survey.programId);
  if (program.status !== 'active') {
    throw fail.conflict('The surveys of an archived program cannot be opened.');
  }
  await tx.execute(
    sql`update ambassador_surveys set status = 'open',
          opened_at = date_trunc('milliseconds', now()),
          updated_at = date_trunc('milliseconds', now())
        where id = ${id}`,
  );
  const members = await sqlRows<{ user_id: string }>(
    tx,
    sql`insert into ambassador_survey_invitations (tenant_id, survey_id, user_id, region_id, state)
        select ${tenantId}, ${id}, a.user_id, u.region_id, a.state
          from ambassadors a join users u on u.id = a.user_id
         where a.program_id = ${survey.programId} and a.state in ('active', 'paused')
           and u.status <> 'deleted'
        returning user_id`,
  );
  const userIds = members.map((m) => m.user_id);
  await notify(tx, userIds, { tenantId, actorId, kind: SURVEY_NOTIFICATION });
  let emailed = 0;
  for (const userId of userIds) {
    // a survey is a service message, but e-mail goes only to those who agreed to e-mail from us
    if (!(await hasConsent(tx, userId, 'marketing_email'))) {
      continue;
    }
    const queued = await queueEmailTo(tx, tenantId, {
      userId,
      kind: 'ambassador_survey',
      subject: `${program.name}: ${survey.title}`,
      text:
        `We would like to hear how the ${program.name} program is going for you.\n\n` +
        `"${survey.title}" takes a few minutes; you will find it under your ambassador ` +
        `surveys when you sign in.` +
        (survey.anonymous ? '\n\nYour answers are anonymous.' : ''),
    });
    if (queued) {
      emailed += 1;
      await tx.execute(
        sql`update ambassador_survey_invitations set emailed = true
             where survey_id = ${id} and user_id = ${userId}`,
      );
    }
  }
  return { survey: await getSurvey(tx, id), invited: userIds.length, emailed };
}

export async function closeSurvey(tx: Orm, id: string): Promise<Survey> {
  const survey = await getSurvey(tx, id, true);
  if (survey.status !== 'open') {
    throw fail.conflict(`Only an open survey can be closed; this one is ${survey.status}.`, {
      status: survey.status,
    });
  }
  await tx.execute(
    sql`update ambassador_surveys set status = 'closed',
          closed_at = date_trunc('milliseconds', now()),
          updated_at = date_trunc('milliseconds', now())
        where id = ${id}`,
  );
  return getSurvey(tx, id);
}

export interface MemberSurvey {
  id: string;
  programId: string;
  programName: string;
  title: string;
  intro: string;
  anonymous: boolean;
  questions: Question[];
  status: SurveyStatus;
  responded: boolean;
  openedAt: Date | null;
}

/** The surveys a member was invited to that are open, newest first, and whether they answered. */
export async function surveysFor(tx: Orm, userId: string): Promise<MemberSurvey[]> {
  const rows = await sqlRows<SurveyRow & { program_name: string; responded: boolean }>(
    tx,
    sql`select s.id, s.program_id, s.title, s.intro, s.anonymous, s.questions, s.status,
               s.created_by, s.created_at, s.updated_at, s.opened_at, s.closed_at,
               p.name as program_name, i.responded
          from ambassador_survey_invitations i
          join ambassador_surveys s on s.id = i.survey_id
          join ambassador_programs p on p.id = s.program_id
         where i.user_id = ${userId} and s.status = 'open'
         order by s.opened_at desc, s.id desc`,
  );
  return rows.map((row) => {
    const s = surveyOf(row);
    return {
      id: s.id,
      programId: s.programId,
      programName: row.program_name,
      title: s.title,
      intro: s.intro,
      anonymous: s.anonymous,
      questions: s.questions,
      status: s.status,
      responded: row.responded,
      openedAt: s.openedAt,
    };
  });
}

export interface Receipt {
  surveyId: string;
  anonymous: boolean;
  answers: Answers;
  sentiments: Record<string, TextSentiment>;
}

/**
 * Records a member's answers: once (already_responded), only while the survey is open
 * (survey_closed), only by a member invited to it, and only answers its questions allow.
 * Each free-text answer gets its sentiment now. An anonymous survey stores no member on the
 * answers, and the day only.
 */
export async function respond(
  tx: Orm,
  tenantId: string,
  input: { surveyId: string; userId: string; answers: Answers },
): Promise<Receipt> {
  const [invitation] = await sqlRows<{ responded: boolean; region_id: string | null }>(
    tx,
    sql`select responded, region_id from ambassador_survey_invitations
         where survey_id = ${input.surveyId} and user_id = ${input.userId}
         for update`,
  );
  if (!invitation) {
    // not asked, or no such survey: the same answer either way
    throw fail.notFound('No such survey.');
  }
  const survey = await getSurvey(tx, input.surveyId);
  if (survey.status !== 'open') {
    throw new GuildError('survey_closed', undefined, { status: survey.status });
  }
  if (invitation.responded) {
    throw new GuildError('already_responded');
  }
  const answers = checkAnswers(survey.questions, input.answers);
  const sentiments: Record<string, TextSentiment> = {};
  for (const q of survey.questions) {
    const answer = answers[q.id];
    if (q.kind === 'text' && typeof answer === 'string') {
      sentiments[q.id] = sentimentOf(answer);
    }
  }
  const nps = answers[NPS_ID];
  await tx.execute(
    sql`insert into ambassador_survey_responses (tenant_id, survey_id, user_id, region_id,
          answers, sentiments, nps, submitted_at)
        values (${tenantId}, ${survey.id}, ${survey.anonymous ? null : input.userId},
                ${invitation.region_id}, ${JSON.stringify(answers)}::jsonb,
                ${JSON.stringify(sentiments)}::jsonb, ${typeof nps === 'number' ? nps : null},
                ${survey.anonymous ? sql`date_trunc('day', now())` : sql`date_trunc('milliseconds', now())`})`,
  );
  await tx.execute(
    sql`update ambassador_survey_invitations set responded = true
         where survey_id = ${survey.id} and user_id = ${input.userId}`,
  );
  return { surveyId: survey.id, anonymous: survey.anonymous, answers, sentiments };
}

export async function resultsOf(
  tx: Orm,
  id: string,
): Promise<{ survey: Survey; results: SurveyResults }> {
  const survey = await getSurvey(tx, id);
  const invited = await sqlRows<{ region_code: string | null; responded: boolean }>(
    tx,
    sql`select r.code as region_code, i.responded
          from ambassador_survey_invitations i left join regions r on r.id = i.region_id
         where i.survey_id = ${id}`,
  );
  // an anonymous survey's answers hold no member; the join is there for the others only
  const responses = await sqlRows<{
    region_code: string | null;
    user_id: string | null;
    username: string | null;
    display_name: string | null;
    answers: Answers | string;
    sentiments: Record<string, TextSentiment> | string;
  }>(
    tx,
    sql`select g.code as region_code, r.user_id, u.username, u.display_name, r.answers,
               r.sentiments
          from ambassador_survey_responses r
          left join regions g on g.id = r.region_id
          left join users u on u.id = r.user_id and ${!survey.anonymous}
         where r.survey_id = ${id}
         order by r.submitted_at desc, r.id`,
  );
  const results = surveyResults(
    survey.questions,
    invited.map((i) => ({ regionCode: i.region_code, responded: i.responded })),
    responses.map((r) => ({
      regionCode: r.region_code,
      author:
        survey.anonymous || r.user_id === null
          ? null
          : {
              userId: r.user_id,
              username: r.username ?? '',
              displayName: r.display_name ?? '',
            },
      answers: json(r.answers),
      sentiments: json(r.sentiments),
    })),
    survey.anonymous,
  );
  return { survey, results };
}
