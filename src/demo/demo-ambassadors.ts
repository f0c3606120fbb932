/**
 * The demo's ambassador program: customer records with a purchase history for most members,
 * consents as real members give them (most allow scoring, fewer allow marketing e-mail), a
 * program that has scored everyone, the demo's ambassadors holding active places (with the
 * history of how they got there), and a few strong candidates identified and invited. The
 * program has a published contract template and every active ambassador signed a contract (one
 * ends soon, so its reminders show), without which missions could not be given or paid.
 *
 * Deterministic: every choice is a hash of the member's username.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Orm } from '../core/db/database.js';
import { sqlRows } from '../core/db/database.js';
import { recordId } from '../integrations/records/record-ids.js';
import { currentNotices } from '../privacy/consents.service.js';
import { createProgram } from '../ambassadors/programs.service.js';
import { executeRun, openRun } from '../ambassadors/scoring/runs.js';
import { identify, move } from '../ambassadors/pipeline.service.js';
import { BRAND } from './demo-phrases.js';
import { createMission } from '../ambassadors/missions/missions.service.js';
import { offerContract, signContract } from '../compliance/contracts/contracts.service.js';
import { exampleTemplate } from '../compliance/contracts/example-template.js';
import { createTemplate, publishTemplate } from '../compliance/contracts/templates.service.js';
import {
  assignMission,
  decideSubmission,
  submitEvidence,
} from '../ambassadors/missions/assignments.service.js';

const DAY = 86_400_000;
const CURRENCY: Record<string, string> = { UK: 'GBP', US: 'USD', DE: 'EUR' };

/** A number in [0, 1) from a member's username and a salt. */
function draw(username: string, salt: string): number {
  const digest = createHash('sha256').update(`${salt}:${username}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

interface DemoMember {
  id: string;
  username: string;
  role: string;
  region: string | null;
  created_at: string | Date;
}

async function writeBatches<T>(items: T[], size: number, write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) {
    await write(items.slice(i, i + size));
  }
}

/** Customers, orders and consents for the demo's members; returns the members. */
async function writeCustomers(tx: Orm, tenantId: string, now: Date): Promise<DemoMember[]> {
  const members = await sqlRows<DemoMember>(
    tx,
    sql`select u.id, u.username, u.role, r.code as region, u.created_at
          from users u left join regions r on r.id = u.region_id
         where u.role in ('member', 'ambassador')
         order by u.username`,
  );
  const customers: Record<string, unknown>[] = [];
  const orders: Record<string, unknown>[] = [];
  for (const m of members) {
    const ambassador = m.role === 'ambassador';
    if (!ambassador && draw(m.username, 'customer') >= 0.7) {
      continue;
    }
    const externalId = `demo-${m.username}`;
    const customerId = recordId(tenantId, 'customer', externalId);
    customers.push({ id: customerId, external_id: externalId, user_id: m.id, region: m.region });
    const count = 1 + Math.floor(draw(m.username, 'orders') * (ambassador ? 14 : 9));
    const basket = 15 + Math.floor(draw(m.username, 'basket') * 120);
    const lapse = Math.floor(draw(m.username, 'lapse') * (ambassador ? 40 : 300));
    for (let i = 0; i < count; i += 1) {
      const daysAgo = lapse + Math.floor(draw(m.username, `day${i}`) * 500);
      const amount = Math.round(basket * (0.5 + draw(m.username, `amount${i}`)) * 100);
      orders.push({
        id: recordId(tenantId, 'order', `${externalId}-${i}`),
        external_id: `${externalId}-${i}`,
        customer_id: customerId,
        placed_at: new Date(now.getTime() - daysAgo * DAY).toISOString(),
        currency: CURRENCY[m.region ?? 'UK'] ?? 'GBP',
        total: amount,
      });
    }
  }
  await writeBatches(customers, 500, (batch) =>
    tx.execute(
      sql`insert into customers (id, tenant_id, external_id, region_code, source)
          select c.id, ${tenantId}, c.external_id, c.region, 'demo'
            from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
                 as c(id uuid, external_id text, user_id uuid, region text)`,
    ),
  );
  await writeBatches(customers, 500, (batch) =>
    tx.execute(
      sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
          select ${tenantId}, c.user_id, c.id, 'explicit'
            from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as c(id uuid, user_id uuid)`,
    ),
  );
  await writeBatches(orders, 1000, (batch) =>
    tx.execute(
      sql`insert into orders (id, tenant_id, external_id, customer_id, kind, financial_status,
            placed_at, currency, total_minor, source)
          select o.id, ${tenantId}, o.external_id, o.customer_id, 'sale', 'paid', o.placed_at,
                 o.currency, o.total, 'demo'
            from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
                 as o(id uuid, external_id text, customer_id uuid, placed_at timestamptz,
                      currency text, total bigint)`,
    ),
  );

  // Consents as members give them: scoring by most, marketing e-mail by fewer; every demo
  // ambassador allowed both when they joined the program.
  const notices = await currentNotices(tx, tenantId);
  const grants: Record<string, unknown>[] = [];
  for (const m of members) {
    const ambassador = m.role === 'ambassador';
    for (const [purpose, share] of [
      ['ambassador_scoring', 0.72],
      ['marketing_email', 0.55],
    ] as const) {
      if (ambassador || draw(m.username, purpose) < share) {
        const notice = notices.get(purpose)!;
        grants.push({
          user_id: m.id,
          purpose,
          notice_id: notice.id,
          version: notice.version,
          sha: notice.sha256,
          at: new Date(new Date(m.created_at).getTime() + DAY).toISOString(),
        });
      }
    }
  }
  await writeBatches(grants, 1000, (batch) =>
    tx.execute(
      sql`insert into consents (tenant_id, user_id, purpose, notice_id, notice_version,
            notice_sha256, channel, method, granted_at)
          select ${tenantId}, g.user_id, g.purpose, g.notice_id, g.version, g.sha, 'web',
                 'checkbox', least(g.at, now())
            from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
                 as g(user_id uuid, purpose text, notice_id uuid, version int, sha text,
                      at timestamptz)`,
    ),
  );
  return members;
}

/** The demo's program: scored, its ambassadors active, five candidates invited. */
export async function seedDemoAmbassadors(
  db: Database,
  tenantId: string,
  managerId: string,
): Promise<{ program: string; scored: number; identified: number }> {
  const now = new Date();
  const { members, programId } = await db.tenant(tenantId, async (tx) => {
    const members = await writeCustomers(tx, tenantId, now);
    const program = await createProgram(
      tx,
      tenantId,
      {
        name: `${BRAND} Ambassadors`,
        description:
          'Customers who know our clothes and homeware and help others choose: missions, early ' +
          'samples and events in the UK, US and Germany.',
        workloadCap: 3,
        inviteDailyLimit: 25,
      },
      managerId,
    );
    return { members, programId: program.id };
  });

  // The demo's ambassadors hold active places, reached the way the workflow allows.
  await db.tenant(tenantId, async (tx) => {
    const ambassadors = members.filter((m) => m.role === 'ambassador');
    for (const m of ambassadors) {
      const start = new Date(
        now.getTime() - (60 + Math.floor(draw(m.username, 'joined') * 300)) * DAY,
      );
      const [row] = await sqlRows<{ id: string }>(
        tx,
        sql`insert into ambassadors (tenant_id, program_id, user_id, state, source, invited_at,
              responded_at, activated_at, state_changed_at, created_at)
            values (${tenantId}, ${programId}, ${m.id}, 'active', 'scoring', ${start.toISOString()},
                    ${new Date(start.getTime() + 2 * DAY).toISOString()},
                    ${new Date(start.getTime() + 9 * DAY).toISOString()},
                    ${new Date(start.getTime() + 9 * DAY).toISOString()},
                    ${new Date(start.getTime() - DAY).toISOString()})
            returning id`,
      );
      const steps: [string | null, string, string, number][] = [
        [null, 'identified', 'manager', -1],
        ['identified', 'invited', 'manager', 0],
        ['invited', 'accepted', 'member', 2],
        ['accepted', 'onboarding', 'system', 2],
        ['onboarding', 'active', 'system', 9],
      ];
      for (const [from, to, actor, days] of steps) {
        await tx.execute(
          sql`insert into ambassador_transitions (tenant_id, ambassador_id, from_state, to_state,
                actor_id, actor_kind, at)
              values (${tenantId}, ${row!.id}, ${from}, ${to},
                      ${actor === 'manager' ? managerId : actor === 'member' ? m.id : null},
                      ${actor}, ${new Date(start.getTime() + days * DAY).toISOString()})`,
        );
      }
    }
  });

  // A member who works for the retailer and allowed scoring: listed as excluded, with why.
  await db.tenant(tenantId, async (tx) => {
    const employee = members.find(
      (m) => m.role === 'member' && draw(m.username, 'ambassador_scoring') < 0.72,
    );
    if (employee) {
      await tx.execute(sql`update users set employee = true where id = ${employee.id}`);
    }
  });

  await seedDemoContracts(db, tenantId, programId, managerId);
  await seedDemoMissions(db, tenantId, programId, managerId);

  const run = await db.tenant(tenantId, (tx) =>
    openRun(tx, tenantId, { programId, trigger: 'manual', requestedBy: managerId }),
  );
  const done = await executeRun(db, tenantId, run.id);

  // The strongest members who are not ambassadors yet: ten identified, the first five invited.
  const identified = await db.tenant(tenantId, async (tx) => {
    const top = await sqlRows<{ user_id: string }>(
      tx,
      sql`select s.user_id from ambassador_scores s join users u on u.id = s.user_id
           where s.program_id = ${programId} and s.score is not null and u.role = 'member'
           order by s.score desc, s.user_id limit 10`,
    );
    const result = await identify(tx, tenantId, {
      programId,
      userIds: top.map((t) => t.user_id),
      mover: { kind: 'manager', userId: managerId },
    });
    const expiresAt = new Date(now.getTime() + 14 * DAY);
    for (const place of result.identified.slice(0, 5)) {
      await move(tx, tenantId, {
        ambassadorId: place.id,
        to: 'invited',
        mover: { kind: 'manager', userId: managerId },
        invitation: { expiresAt },
      });
    }
    return result.identified.length;
  });
  return { program: programId, scored: done.scored, identified };
}

/**
 * The program's contract (all markets) and a signed contract for each active ambassador: a
 * year from a month ago, except the first ambassador's, which ends in 20 days.
 */
async function seedDemoContracts(
  db: Database,
  tenantId: string,
  programId: string,
  managerId: string,
): Promise<void> {
  await db.tenant(tenantId, async (tx) => {
    const draft = await createTemplate(
      tx,
      tenantId,
      programId,
      { title: 'Ambassador agreement', body: exampleTemplate(BRAND), allMarkets: true },
      managerId,
    );
    const { template } = await publishTemplate(tx, draft.id);
    const places = await sqlRows<{ id: string; user_id: string }>(
      tx,
      sql`select a.id, a.user_id from ambassadors a join users u on u.id = a.user_id
           where a.program_id = ${programId} and a.state = 'active' order by u.username`,
    );
    const now = Date.now();
    for (const [i, place] of places.entries()) {
      const contract = await offerContract(tx, tenantId, {
        templateId: template.id,
        ambassadorId: place.id,
        startsAt: new Date(now - 30 * DAY),
        endsAt: new Date(now + (i === 0 ? 20 : 335) * DAY),
        managerId,
      });
      await signContract(tx, {
        contractId: contract.id,
        userId: place.user_id,
        ip: null,
        userAgent: 'Guild demo',
      });
    }
  });
}

/**
 * Two missions: a styling post most ambassadors took, sent evidence for and had approved
 * (their points paid through the ledger), and an open review mission a few still hold.
 */
async function seedDemoMissions(
  db: Database,
  tenantId: string,
  programId: string,
  managerId: string,
): Promise<void> {
  await db.tenant(tenantId, async (tx) => {
    const places = await sqlRows<{ id: string; user_id: string; username: string }>(
      tx,
      sql`select a.id, a.user_id, u.username from ambassadors a join users u on u.id = a.user_id
           where a.program_id = ${programId} and a.state = 'active' order by u.username`,
    );
    const styling = await createMission(
      tx,
      tenantId,
      programId,
      {
        kind: 'post',
        title: 'Style the autumn knitwear',
        brief:
          'Post a photo of how you wear one of the new knits, with the #ad label first and a ' +
          'line on what you liked and what you did not.',
        incentivePoints: 150,
        dueAt: new Date(Date.now() + 21 * DAY),
        evidenceRequired: ['link', 'text'],
        status: 'open',
      },
      managerId,
    );
    const review = await createMission(
      tx,
      tenantId,
      programId,
      {
        kind: 'review',
        title: 'Review a homeware piece you bought',
        brief: 'Write an honest review of any homeware you bought from us this year.',
        incentivePoints: 80,
        dueAt: new Date(Date.now() + 30 * DAY),
        evidenceRequired: ['link'],
        status: 'open',
      },
      managerId,
    );
    const taken = places.filter((p) => draw(p.username, 'styling') < 0.75);
    const assigned = await assignMission(tx, tenantId, {
      missionId: styling.id,
      ambassadorIds: taken.map((p) => p.id),
      managerId,
    });
    for (const assignment of assigned.assigned) {
      const place = places.find((p) => p.id === assignment.ambassadorId)!;
      if (draw(place.username, 'evidence') >= 0.85) {
        continue;
      }
      const { submission } = await submitEvidence(tx, tenantId, {
        assignmentId: assignment.id,
        userId: place.user_id,
        evidence: {
          text: 'Ad: wearing the oatmeal cable knit on a cold morning walk; warm, a little long in the sleeve.',
          links: [`https://social.example/${place.username}/autumn-knit`],
        },
      });
      await decideSubmission(tx, tenantId, {
        submissionId: submission.id,
        decision: 'approve',
        managerId,
      });
    }
    const reviewers = places.filter((p) => draw(p.username, 'review') < 0.3);
    if (reviewers.length > 0) {
      await assignMission(tx, tenantId, {
        missionId: review.id,
        ambassadorIds: reviewers.map((p) => p.id),
        managerId,
      });
    }
  });
}
