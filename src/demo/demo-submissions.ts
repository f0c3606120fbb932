/**
 * The demo's content submissions, in the program the demo's ambassadors hold places in: one
 * approved with usage rights on Instagram and the shop's website, one sent back for changes
 * (an undisclosed discount code and a claim the brand must approve), and one waiting for a
 * reviewer with its deadline three hours away, so the review page and its warnings show.
 *
 * Deterministic: the ambassadors are taken in username order and the texts are fixed.
 */
import { sql } from 'drizzle-orm';
import type { Database, Orm } from '../core/db/database.js';
import { sqlRows } from '../core/db/database.js';
import type { Actor } from '../core/http/request-context.js';
import { decideContent } from '../compliance/content/decisions.service.js';
import { grantRights } from '../compliance/content/rights.service.js';
import { createSubmission } from '../compliance/content/submissions.service.js';
import { BRAND } from './demo-phrases.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

async function ambassadorsOf(tx: Orm, programId: string): Promise<Actor[]> {
  const rows = await sqlRows<{
    id: string;
    role: Actor['role'];
    username: string;
    display_name: string;
    locale: string | null;
  }>(
    tx,
    sql`select u.id, u.role, u.username, u.display_name, u.locale
          from ambassadors a join users u on u.id = a.user_id
         where a.program_id = ${programId} and a.state = 'active'
         order by u.username limit 3`,
  );
  return rows.map((row) => ({
    userId: row.id,
    role: row.role,
    username: row.username,
    displayName: row.display_name,
    locale: row.locale ?? 'en-GB',
  }));
}

/** Seeds the three submissions; returns how many were written (0 without a program). */
export async function seedDemoSubmissions(
  db: Database,
  tenantId: string,
  managerId: string,
): Promise<number> {
  return db.tenant(tenantId, async (tx) => {
    const [program] = await sqlRows<{ id: string }>(
      tx,
      // the active program with the most active ambassadors
      sql`select p.id from ambassador_programs p join ambassadors a on a.program_id = p.id
           where p.status = 'active' and a.state = 'active'
           group by p.id order by count(*) desc, min(p.created_at), p.id limit 1`,
    );
    if (!program) {
      return 0;
    }
    const [first, second, third] = await ambassadorsOf(tx, program.id);
    if (!first) {
      return 0;
    }
    const base = { programId: program.id, market: 'UK', declaredPaid: true };
    let written = 0;

    const approved = await createSubmission(tx, tenantId, first, {
      ...base,
      title: 'Autumn table, set in ten minutes',
      body:
        `Ad: I styled our autumn table with the ${BRAND} stoneware and linen runner. ` +
        'Three pieces, ten minutes, and the candles do the rest.',
      platforms: ['instagram', 'community'],
    });
    await decideContent(tx, tenantId, { userId: managerId }, approved.id, { decision: 'approve' });
    const now = Date.now();
    await grantRights(tx, tenantId, managerId, approved.id, {
      channels: ['instagram', 'website'],
      startsAt: new Date(now - 2 * DAY),
      endsAt: new Date(now + 12 * DAY),
      paidUse: false,
      feeNote: 'Gifted stoneware set; no fee.',
    });
    written += 1;

    const author = second ?? first;
    const sentBack = await createSubmission(tx, tenantId, author, {
      ...base,
      declaredPaid: false,
      title: 'My new favourite mug',
      body:
        `Loving my ${BRAND} mug, it is guaranteed to keep coffee hot all day! ` +
        'Use code HEARTH15 for 15% off.',
      platforms: ['tiktok'],
    });
    const disclosure = sentBack.versions[0]?.findings.find((f) => f.ruleId === 'DISC-01');
    await decideContent(tx, tenantId, { userId: managerId }, sentBack.id, {
      decision: 'request_changes',
      changes: disclosure
        ? [{ findingId: disclosure.id, note: 'Start the caption with "Ad:".' }]
        : [],
      note: 'Please drop "guaranteed" too; we cannot promise that.',
    });
    written += 1;

    const waiting = await createSubmission(tx, tenantId, third ?? first, {
      ...base,
      title: 'Rainy Sunday reading nook',
      body:
        `Ad: a rainy Sunday in the reading nook with the ${BRAND} wool throw. ` +
        'Soft, heavy and the right shade of rust.',
      platforms: ['instagram', 'facebook'],
    });
    // submitted 45 hours ago: three hours left of the default 48
    const submittedAt = new Date(now - 45 * HOUR).toISOString();
    const dueAt = new Date(now + 3 * HOUR).toISOString();
    await tx.execute(
      sql`update content_submissions set first_submitted_at = ${submittedAt}::timestamptz,
            version_submitted_at = ${submittedAt}::timestamptz, due_at = ${dueAt}::timestamptz
          where id = ${waiting.id}`,
    );
    await tx.execute(
      sql`update review_items set created_at = ${submittedAt}::timestamptz,
            due_at = ${dueAt}::timestamptz
          where id = ${waiting.reviewItemId}`,
    );
    written += 1;
    return written;
  });
}
