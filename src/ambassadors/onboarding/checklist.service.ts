/**
 * The onboarding checklist of a member who accepted a place: the program's agreement signed
 * (click-through, with the version, the text's SHA-256, time, IP and user agent), the disclosure
 * quiz passed, and a profile good enough to be shown as an ambassador. When every item is done
 * the member moves onboarding → active (actor: system) in the same transaction.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { uniqueViolation } from '../../core/db/db-errors.js';
import { fail } from '../../core/errors/errors.js';
import { getAmbassador, move, type Ambassador } from '../pipeline.service.js';
import { getProgram } from '../programs.service.js';
import { DISCLOSURE_QUIZ, PASS_MARK, QUIZ_VERSION, markQuiz, type QuizResult } from './quiz.js';

export const ITEMS = ['agreement', 'training', 'profile'] as const;
export type ItemKey = (typeof ITEMS)[number];

/** A bio at least this long counts as a profile. */
export const MIN_BIO = 20;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Guild's agreement, version 1 of every program until a manager publishes their own. */
export function defaultAgreement(programName: string): string {
  return `${programName}: ambassador agreement

1. Disclosure. In every post, review, video or message where you speak about our products or brand, you say plainly and at the start that you are our ambassador, with a label such as "Ad" followed by the tie ("Ad: I am a paid ${programName} ambassador"). Tags such as #sp, #spon, #collab or a thank-you to the brand are not enough on their own, and a line in your profile does not replace the label on each post. Gifts, discounts, points and prize draws count as a connection too.
2. Corrections. If we ask you to fix a post that lacks a clear disclosure, you fix or remove it within 24 hours. Repeated failures end your place in the program.
3. Honest opinion. You speak only about products you have used, in your own words. Negative opinions are allowed; we never ask you to post only positive ones.
4. Rewards. Everything you receive from the program (points, products, early access, chances of a prize) is recorded, and each is a connection you disclose.
5. Claims. You make no health, earnings or "guaranteed" claims about our products.
6. Your data. We use your purchases, community activity and, where you allowed it, your linked social accounts to run the program, as described in our privacy notice. You can see and change your consents in your privacy settings at any time.
7. Leaving. You may pause or leave the program at any time from your ambassador page; we may end your place with a reason. The disclosure duty continues for posts made while you were an ambassador.`;
}

export interface Agreement {
  id: string;
  programId: string;
  version: number;
  body: string;
  sha256: string;
  publishedAt: Date;
}

interface AgreementRow {
  id: string;
  program_id: string;
  version: number;
  body: string;
  body_sha256: string;
  published_at: string | Date;
}

const agreementOf = (row: AgreementRow): Agreement => ({
  id: row.id,
  programId: row.program_id,
  version: Number(row.version),
  body: row.body,
  sha256: row.body_sha256,
  publishedAt: new Date(row.published_at),
});

/** The program's current agreement, writing Guild's default as version 1 if there is none. */
export async function currentAgreement(
  tx: Orm,
  tenantId: string,
  programId: string,
): Promise<Agreement> {
  const read = () =>
    sqlRows<AgreementRow>(
      tx,
      sql`select id, program_id, version, body, body_sha256, published_at
            from ambassador_agreements where program_id = ${programId}
           order by version desc limit 1`,
    );
  let [row] = await read();
  if (!row) {
    const program = await getProgram(tx, programId);
    const body = defaultAgreement(program.name);
    await tx.execute(
      sql`insert into ambassador_agreements (tenant_id, program_id, version, body, body_sha256)
          values (${tenantId}, ${programId}, 1, ${body}, ${sha256(body)})
          on conflict (program_id, version) do nothing`,
    );
    [row] = await read();
  }
  return agreementOf(row!);
}

/** Publishes a manager's text as the program's next agreement version. */
export async function publishAgreement(
  tx: Orm,
  tenantId: string,
  input: { programId: string; body: string; by: string },
): Promise<Agreement> {
  const body = input.body.replace(/\r\n/g, '\n').trim();
  if (body.length < 50) {
    throw fail.validation('An agreement has at least 50 characters.', { field: 'body' });
  }
  const current = await currentAgreement(tx, tenantId, input.programId);
  if (current.body === body) {
    return current;
  }
  try {
    const [row] = await sqlRows<AgreementRow>(
      tx,
      sql`insert into ambassador_agreements (tenant_id, program_id, version, body, body_sha256,
            published_by)
          values (${tenantId}, ${input.programId}, ${current.version + 1}, ${body}, ${sha256(body)},
                  ${input.by})
          returning id, program_id, version, body, body_sha256, published_at`,
    );
    return agreementOf(row!);
  } catch (error) {
    if (uniqueViolation(error)) {
      throw fail.conflict('Someone published another version just now; read it and try again.');
    }
    throw error;
  }
}

export interface ChecklistItem {
  key: ItemKey;
  done: boolean;
  doneAt: Date | null;
  /** What is still to do, in words (empty when done). */
  missing: string[];
}

export interface Checklist {
  ambassador: Ambassador;
  complete: boolean;
  items: ChecklistItem[];
  agreement: Agreement;
  signedVersion: number | null;
  quiz: { passMark: number; questions: number; attempts: number; passed: boolean };
}

async function signatureOf(tx: Orm, ambassadorId: string, agreementId: string) {
  const [row] = await sqlRows<{ signed_at: string | Date }>(
    tx,
    sql`select signed_at from ambassador_agreement_signatures
         where ambassador_id = ${ambassadorId} and agreement_id = ${agreementId}`,
  );
  return row ? new Date(row.signed_at) : null;
}

async function latestSignedVersion(tx: Orm, ambassadorId: string): Promise<number | null> {
  const [row] = await sqlRows<{ version: number | null }>(
    tx,
    sql`select max(version) as version from ambassador_agreement_signatures
         where ambassador_id = ${ambassadorId}`,
  );
  return row?.version === null || row?.version === undefined ? null : Number(row.version);
}

async function quizState(tx: Orm, ambassadorId: string) {
  const [row] = await sqlRows<{ attempts: number; passed_at: string | Date | null }>(
    tx,
    sql`select count(*)::int as attempts,
               min(attempted_at) filter (where passed and quiz_version = ${QUIZ_VERSION}) as passed_at
          from ambassador_quiz_attempts where ambassador_id = ${ambassadorId}`,
  );
  return {
    attempts: Number(row?.attempts ?? 0),
    passedAt: row?.passed_at ? new Date(row.passed_at) : null,
  };
}

/** What the member's profile still lacks (empty when complete). */
export async function profileGaps(tx: Orm, userId: string): Promise<string[]> {
  const [row] = await sqlRows<{ bio: string; region_id: string | null }>(
    tx,
    sql`select bio, region_id from users where id = ${userId}`,
  );
  const gaps: string[] = [];
  const bio = (row?.bio ?? '').trim();
  if (bio.length === 0) {
    gaps.push(`a bio (at least ${MIN_BIO} characters)`);
  } else if (bio.length < MIN_BIO) {
    gaps.push(`a longer bio (${bio.length} of at least ${MIN_BIO} characters)`);
  }
  if (!row?.region_id) {
    gaps.push('your region');
  }
  return gaps;
}

/** The checklist of one place (any state; the items matter while onboarding). */
export async function checklistOf(
  tx: Orm,
  tenantId: string,
  ambassadorId: string,
): Promise<Checklist> {
  const ambassador = await getAmbassador(tx, ambassadorId);
  const agreement = await currentAgreement(tx, tenantId, ambassador.programId);
  const signedAt = await signatureOf(tx, ambassadorId, agreement.id);
  const quiz = await quizState(tx, ambassadorId);
  const gaps = await profileGaps(tx, ambassador.userId);
  const items: ChecklistItem[] = [
    {
      key: 'agreement',
      done: signedAt !== null,
      doneAt: signedAt,
      missing: signedAt ? [] : [`sign the agreement (version ${agreement.version})`],
    },
    {
      key: 'training',
      done: quiz.passedAt !== null,
      doneAt: quiz.passedAt,
      missing: quiz.passedAt
        ? []
        : [`pass the disclosure quiz (${PASS_MARK} of ${DISCLOSURE_QUIZ.length} right)`],
    },
    { key: 'profile', done: gaps.length === 0, doneAt: null, missing: gaps },
  ];
  return {
    ambassador,
    complete: items.every((i) => i.done),
    items,
    agreement,
    signedVersion: await latestSignedVersion(tx, ambassadorId),
    quiz: {
      passMark: PASS_MARK,
      questions: DISCLOSURE_QUIZ.length,
      attempts: quiz.attempts,
      passed: quiz.passedAt !== null,
    },
  };
}

/**
 * Moves a member whose checklist is complete from onboarding to active (actor: system), in the
 * caller's transaction; returns the checklist as it stands afterwards.
 */
export async function finishIfComplete(
  tx: Orm,
  tenantId: string,
  ambassadorId: string,
): Promise<Checklist> {
  const checklist = await checklistOf(tx, tenantId, ambassadorId);
  if (checklist.complete && checklist.ambassador.state === 'onboarding') {
    await move(tx, tenantId, {
      ambassadorId,
      to: 'active',
      mover: { kind: 'system', userId: null },
      reason: 'onboarding complete',
    });
    return checklistOf(tx, tenantId, ambassadorId);
  }
  return checklist;
}

async function lockOnboarding(tx: Orm, ambassadorId: string): Promise<Ambassador> {
  await tx.execute(sql`select id from ambassadors where id = ${ambassadorId} for update`);
  const place = await getAmbassador(tx, ambassadorId);
  if (place.state !== 'onboarding') {
    throw fail.conflict(`This place is not being onboarded (it is ${place.state}).`, {
      state: place.state,
    });
  }
  return place;
}

/** Click-through signing of the current agreement, which must be the version the member read. */
export async function signAgreement(
  tx: Orm,
  tenantId: string,
  input: { ambassadorId: string; version: number; ip: string | null; userAgent: string | null },
): Promise<Checklist> {
  const place = await lockOnboarding(tx, input.ambassadorId);
  const agreement = await currentAgreement(tx, tenantId, place.programId);
  if (agreement.version !== input.version) {
    throw fail.conflict(
      `The agreement is now at version ${agreement.version}; read it and sign that one.`,
      { currentVersion: agreement.version },
    );
  }
  await tx.execute(
    sql`insert into ambassador_agreement_signatures (tenant_id, ambassador_id, agreement_id,
          version, body_sha256, ip, user_agent)
        values (${tenantId}, ${input.ambassadorId}, ${agreement.id}, ${agreement.version},
                ${agreement.sha256}, ${input.ip}, ${(input.userAgent ?? '').slice(0, 500) || null})
        on conflict (ambassador_id, agreement_id) do nothing`,
  );
  return finishIfComplete(tx, tenantId, input.ambassadorId);
}

/** Records one attempt at the quiz; the caller answers `quiz_not_passed` after committing. */
export async function attemptQuiz(
  tx: Orm,
  tenantId: string,
  input: { ambassadorId: string; answers: readonly number[] },
): Promise<{ result: QuizResult; checklist: Checklist }> {
  await lockOnboarding(tx, input.ambassadorId);
  if (input.answers.length !== DISCLOSURE_QUIZ.length) {
    throw fail.validation(`Answer all ${DISCLOSURE_QUIZ.length} questions.`, {
      field: 'answers',
    });
  }
  const result = markQuiz(input.answers);
  await tx.execute(
    sql`insert into ambassador_quiz_attempts (tenant_id, ambassador_id, quiz_version, answers,
          wrong, correct, passed)
        values (${tenantId}, ${input.ambassadorId}, ${QUIZ_VERSION},
                ${sql.param([...input.answers])}::int[], ${sql.param(result.wrong)}::int[],
                ${result.correct}, ${result.passed})`,
  );
  return { result, checklist: await finishIfComplete(tx, tenantId, input.ambassadorId) };
}

/** The member says their profile is done: the checklist is looked at again. */
export async function recheck(tx: Orm, tenantId: string, ambassadorId: string): Promise<Checklist> {
  await lockOnboarding(tx, ambassadorId);
  return finishIfComplete(tx, tenantId, ambassadorId);
}
