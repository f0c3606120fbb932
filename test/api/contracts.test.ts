/**
 * Ambassador contracts over real HTTP, on PGlite and on PostgreSQL: templates checked against
 * the required clauses (CON-01..10) before publishing, versions on edit, offering, signing by
 * click-through (once, only the current version), ending with a reason, who may do what, the
 * valid-contract rule by market, and the sweep that expires contracts and reminds once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailWritten } from '../../src/accounts/accounts.routes.js';
import { sqlRows } from '../../src/core/db/database.js';
import {
  EXAMPLE_CLAUSES,
  exampleTemplate,
} from '../../src/compliance/contracts/example-template.js';
import { hasValidContract, sweepContracts } from '../../src/compliance/contracts/contracts.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let managerId: string;
let programId: string;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/ambassadors';
const DAY = 86_400_000;
const BODY = exampleTemplate('Alpha');

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Template {
  id: string;
  status: string;
  version: number;
  sha256: string;
  markets: string[];
  allMarkets: boolean;
}
interface Contract {
  id: string;
  status: string;
  version: number;
  sha256: string;
  body?: string;
  signedBy: string | null;
  signedVersion: number | null;
  signedSha256: string | null;
  signedUserAgent: string | null;
  endReason: string | null;
}
interface Ambassador {
  client: TestClient;
  id: string;
  placeId: string;
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

let counter = 0;
/** A member with an active place in the program, in `region` (or none). */
async function ambassador(region: string | null): Promise<Ambassador> {
  counter += 1;
  const account = await addMember(guild, tenantId, 'member', `amb_${counter}`);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [user] = await query<{ id: string }>(
    sql`update users set role = 'ambassador',
          region_id = (select id from regions where code = ${region})
         where username = ${account.username} returning id`,
  );
  const [place] = await query<{ id: string }>(
    sql`insert into ambassadors (tenant_id, program_id, user_id, state, source)
        values (${tenantId}, ${programId}, ${user!.id}, 'active', 'manual') returning id`,
  );
  return { client, id: user!.id, placeId: place!.id };
}

async function template(body: Record<string, unknown>): Promise<Template> {
  const created = await manager.post<Template>(`${BASE}/programs/${programId}/contract-templates`, {
    title: 'Ambassador agreement',
    body: BODY,
    markets: ['UK'],
    ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function published(body: Record<string, unknown> = {}): Promise<Template> {
  const draft = await template(body);
  const done = await manager.post<{ template: Template }>(
    `${BASE}/contract-templates/${draft.id}/publish`,
  );
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body.template;
}

async function offer(templateId: string, who: Ambassador, days = [-1, 180]) {
  return manager.post<Contract & ErrorBody>(`${BASE}/contracts`, {
    templateId,
    ambassadorId: who.placeId,
    startsAt: at(days[0]!),
    endsAt: at(days[1]!),
  });
}

async function signed(templateId: string, who: Ambassador, days = [-1, 180]): Promise<Contract> {
  const offered = await offer(templateId, who, days);
  expect(offered.status, JSON.stringify(offered.body)).toBe(201);
  const done = await who.client.post<Contract>(`${BASE}/me/contracts/${offered.body.id}/sign`);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

const valid = (who: Ambassador, when?: Date) =>
  guild.db.tenant(tenantId, (tx) => hasValidContract(tx, who.id, when, programId));

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const account = await addMember(guild, tenantId, 'manager');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(account);
  const [me] = await query<{ id: string }>(
    sql`select id from users where username = ${account.username}`,
  );
  managerId = me!.id;
  await query(sql`insert into regions (tenant_id, code, name, currency, locale, timezone)
    values (${tenantId}, 'US', 'United States', 'USD', 'en-US', 'America/New_York') returning id`);
  const program = await manager.post<{ id: string }>(`${BASE}/programs`, { name: 'Ambassadors' });
  expect(program.status).toBe(201);
  programId = program.body.id;
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('templates', () => {
  it('refuses to publish while a B clause is missing or weak, naming each problem', async () => {
    const noDisclosure = BODY.replace(EXAMPLE_CLAUSES['CON-01'], '');
    const scripted = BODY.replace(
      EXAMPLE_CLAUSES['CON-06'],
      `${EXAMPLE_CLAUSES['CON-06']}\n\nEvery post must be positive about the brand.`,
    );
    const draft = await template({ body: `${noDisclosure}` });
    const refused = await manager.post<ErrorBody>(`${BASE}/contract-templates/${draft.id}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('contract_template_incomplete');
    expect(refused.body.error.details?.missing).toEqual([
      { clause: 'CON-01', problem: expect.stringMatching(/^missing/) as string },
    ]);
    // the fixed text is the next version, and then publishes
    const fixed = await manager.patch<Template>(`${BASE}/contract-templates/${draft.id}`, {
      body: scripted,
    });
    expect(fixed.body.version).toBe(2);
    const stillRefused = await manager.post<ErrorBody>(
      `${BASE}/contract-templates/${draft.id}/publish`,
    );
    expect(stillRefused.body.error.details?.missing).toEqual([
      { clause: 'CON-06', problem: expect.stringMatching(/positive/) as string },
    ]);
    // checking an unsaved text answers the same, clause by clause
    const check = await manager.post<{ publishable: boolean; clauses: { present: boolean }[] }>(
      `${BASE}/contract-templates/check`,
      { body: BODY },
    );
    expect(check.status).toBe(200);
    expect(check.body.publishable).toBe(true);
    expect(check.body.clauses.filter((c) => c.present)).toHaveLength(10);
  });

  it('publishes with warnings for W clauses, versions edits, and retires', async () => {
    const noRecords = BODY.replace(EXAMPLE_CLAUSES['CON-10'], '');
    const draft = await template({ body: noRecords, markets: ['uk', 'US'] });
    expect(draft.markets).toEqual(['UK', 'US']);
    const done = await manager.post<{ template: Template; warnings: { clause: string }[] }>(
      `${BASE}/contract-templates/${draft.id}/publish`,
    );
    expect(done.status).toBe(200);
    expect(done.body.template.status).toBe('published');
    expect(done.body.warnings.map((w) => w.clause)).toEqual(['CON-10']);
    // an edit of a published template is its next version, checked like publishing
    const weak = await manager.patch<ErrorBody>(`${BASE}/contract-templates/${draft.id}`, {
      body: BODY.replace(EXAMPLE_CLAUSES['CON-04'], ''),
    });
    expect(weak.status).toBe(422);
    const edited = await manager.patch<Template>(`${BASE}/contract-templates/${draft.id}`, {
      body: BODY,
    });
    expect(edited.body).toMatchObject({ status: 'published', version: 2 });
    expect(edited.body.sha256).not.toBe(done.body.template.sha256);
    const unknownMarket = await manager.patch<ErrorBody>(`${BASE}/contract-templates/${draft.id}`, {
      markets: ['XX'],
    });
    expect(unknownMarket.status).toBe(400);
    const retired = await manager.post<Template>(`${BASE}/contract-templates/${draft.id}/retire`);
    expect(retired.body.status).toBe('retired');
    const list = await manager.get<{ items: Template[] }>(
      `${BASE}/programs/${programId}/contract-templates?status=retired`,
    );
    expect(list.body.items.map((t) => t.id)).toContain(draft.id);
    const audited = await query<{ action: string; details: { before: unknown; after: unknown } }>(
      sql`select action, details from audit_log where target_id = ${draft.id} order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual([
      'contracts.template_create',
      'contracts.template_publish',
      'contracts.template_change',
      'contracts.template_retire',
    ]);
    expect(audited[3]!.details.before).toMatchObject({ status: 'published' });
    expect(audited[3]!.details.after).toMatchObject({ status: 'retired' });
  });

  it('is for managers only', async () => {
    const member = await ambassador('UK');
    expect(
      (await member.client.get(`${BASE}/programs/${programId}/contract-templates`)).status,
    ).toBe(403);
    expect(
      (
        await member.client.post(`${BASE}/programs/${programId}/contract-templates`, {
          title: 'Mine',
          body: BODY,
          allMarkets: true,
        })
      ).status,
    ).toBe(403);
    expect((await member.client.get(`${BASE}/contracts`)).status).toBe(403);
  });
});

describe('contracts', () => {
  it('is offered, read in full and signed once, recording who, what and from where', async () => {
    const t = await published();
    const amb = await ambassador('UK');
    expect(await valid(amb)).toBe(false);
    const offered = await offer(t.id, amb);
    expect(offered.status).toBe(201);
    expect(offered.body.status).toBe('offered');

    const mine = await amb.client.get<{ items: Contract[] }>(`${BASE}/me/contracts`);
    expect(mine.body.items.map((c) => c.id)).toEqual([offered.body.id]);
    const read = await amb.client.get<Contract>(`${BASE}/me/contracts/${offered.body.id}`);
    expect(read.body.body).toBe(BODY);

    // another member can neither read nor sign it
    const other = await ambassador('UK');
    expect((await other.client.get(`${BASE}/me/contracts/${offered.body.id}`)).status).toBe(404);
    expect((await other.client.post(`${BASE}/me/contracts/${offered.body.id}/sign`)).status).toBe(
      404,
    );

    const sign = await amb.client.post<Contract>(
      `${BASE}/me/contracts/${offered.body.id}/sign`,
      undefined,
      { 'user-agent': 'contract-test/1.0' },
    );
    expect(sign.status).toBe(200);
    expect(sign.body).toMatchObject({
      status: 'signed',
      signedBy: amb.id,
      signedVersion: t.version,
      signedSha256: t.sha256,
      signedUserAgent: 'contract-test/1.0',
    });
    const again = await amb.client.post<ErrorBody>(`${BASE}/me/contracts/${offered.body.id}/sign`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('contract_already_signed');
    expect(await valid(amb)).toBe(true);
    // not yet valid before it starts, nor after it ends
    expect(await valid(amb, new Date(Date.now() - 2 * DAY))).toBe(false);
    expect(await valid(amb, new Date(Date.now() + 181 * DAY))).toBe(false);

    const listed = await manager.get<{ items: Contract[] }>(
      `${BASE}/contracts?status=signed&userId=${amb.id}`,
    );
    expect(listed.body.items.map((c) => c.id)).toEqual([offered.body.id]);
    const audited = await query<{ action: string }>(
      sql`select action from audit_log where target_id = ${offered.body.id} order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual(['contracts.offer', 'contracts.sign']);
  });

  it('cannot be signed on a replaced version or a retired template', async () => {
    const t = await published();
    const amb = await ambassador('UK');
    const first = await offer(t.id, amb);
    await manager.patch(`${BASE}/contract-templates/${t.id}`, {
      body: `${BODY}\n\nUpdated wording.`,
    });
    const stale = await amb.client.post<ErrorBody>(`${BASE}/me/contracts/${first.body.id}/sign`);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('contract_template_not_usable');
    const second = await offer(t.id, amb);
    expect(second.body.version).toBe(2);
    await manager.post(`${BASE}/contract-templates/${t.id}/retire`);
    const retired = await amb.client.post<ErrorBody>(`${BASE}/me/contracts/${second.body.id}/sign`);
    expect(retired.body.error.code).toBe('contract_template_not_usable');
    const fresh = await offer(t.id, amb);
    expect(fresh.body.error.code).toBe('contract_template_not_usable');
    // a draft cannot be offered either
    const draft = await template({});
    expect((await offer(draft.id, amb)).body.error.code).toBe('contract_template_not_usable');
  });

  it('is valid only in the template’s markets; members without a region need all markets', async () => {
    const ukOnly = await published({ markets: ['UK'] });
    const everywhere = await published({ markets: [], allMarkets: true });
    const american = await ambassador('US');
    const refused = await offer(ukOnly.id, american);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ region: 'US', markets: ['UK'] });
    const nowhere = await ambassador(null);
    expect((await offer(ukOnly.id, nowhere)).status).toBe(409);
    await signed(everywhere.id, nowhere);
    expect(await valid(nowhere)).toBe(true);

    // a member who moves out of the template's markets loses validity
    const mover = await ambassador('UK');
    await signed(ukOnly.id, mover);
    expect(await valid(mover)).toBe(true);
    await query(sql`update users set region_id = (select id from regions where code = 'US')
                     where id = ${mover.id} returning id`);
    expect(await valid(mover)).toBe(false);
  });

  it('is withdrawn or terminated by a manager with a reason, and then no longer valid', async () => {
    const t = await published();
    const amb = await ambassador('UK');
    const contract = await signed(t.id, amb);
    const bare = await manager.post(`${BASE}/contracts/${contract.id}/terminate`, { reason: ' ' });
    expect(bare.status).toBe(400);
    const member = await amb.client.post(`${BASE}/contracts/${contract.id}/terminate`, {
      reason: 'I quit',
    });
    expect(member.status).toBe(403);
    const ended = await manager.post<Contract>(`${BASE}/contracts/${contract.id}/terminate`, {
      reason: 'Posted without the Ad label twice',
    });
    expect(ended.body).toMatchObject({
      status: 'terminated',
      endReason: 'Posted without the Ad label twice',
    });
    expect(await valid(amb)).toBe(false);
    const twice = await manager.post(`${BASE}/contracts/${contract.id}/terminate`, {
      reason: 'again',
    });
    expect(twice.status).toBe(409);
    const signAfter = await amb.client.post<ErrorBody>(`${BASE}/me/contracts/${contract.id}/sign`);
    expect(signAfter.body.error.code).toBe('contract_already_signed');

    const offered = await offer(t.id, amb);
    const withdrawn = await manager.post<Contract>(
      `${BASE}/contracts/${offered.body.id}/terminate`,
      { reason: 'Offered by mistake' },
    );
    expect(withdrawn.body.status).toBe('withdrawn');
    const late = await amb.client.post(`${BASE}/me/contracts/${offered.body.id}/sign`);
    expect(late.status).toBe(409);
    const [audit] = await query<{ action: string; details: { before: Contract; after: Contract } }>(
      sql`select action, details from audit_log where target_id = ${contract.id}
           and action = 'contracts.terminate'`,
    );
    expect(audit!.details.before.status).toBe('signed');
    expect(audit!.details.after.status).toBe('terminated');
  });
});

describe('expiry and reminders', () => {
  it('reminds 30 and 7 days before the end once each, then marks the contract expired', async () => {
    const t = await published();
    const amb = await ambassador('UK');
    const contract = await signed(t.id, amb, [-300, 40]);
    const written: string[] = [];
    const mail: MailWritten = { written: (id) => written.push(id) };
    const sweep = (days: number) =>
      sweepContracts(guild.db, mail, { tenantId, at: new Date(Date.now() + days * DAY) });
    const emails = () =>
      query<{ user_id: string; subject: string }>(
        sql`select user_id, subject from outbound_emails where kind = 'contract_expiring'
             order by created_at, id`,
      );

    expect(await sweep(0)).toMatchObject({ reminders: 0, expired: 0 });
    // 35 days before the end: nothing; 29 days: the first reminder, to the member and manager
    expect((await sweep(5)).reminders).toBe(0);
    expect((await sweep(11)).reminders).toBe(1);
    expect((await sweep(11)).reminders).toBe(0);
    expect((await sweep(20)).reminders).toBe(0);
    const first = await emails();
    expect(first.map((e) => e.user_id).sort()).toEqual([amb.id, managerId].sort());
    expect(first.find((e) => e.user_id === amb.id)!.subject).toMatch(/contract ends on/);
    expect(written).toEqual([tenantId]);
    // 6 days before: the second, once
    expect((await sweep(34)).reminders).toBe(1);
    expect((await sweep(34)).reminders).toBe(0);
    expect(await emails()).toHaveLength(4);
    const rounds = await query<{ days_before: number }>(
      sql`select days_before from contract_reminders where contract_id = ${contract.id}
           order by days_before`,
    );
    expect(rounds.map((r) => r.days_before)).toEqual([7, 30]);

    // past the end it expires, and is no longer valid
    expect((await sweep(41)).expired).toBeGreaterThanOrEqual(1);
    const [row] = await query<{ status: string }>(
      sql`select status from ambassador_contracts where id = ${contract.id}`,
    );
    expect(row!.status).toBe('expired');
    expect(await valid(amb, new Date(Date.now() + 41 * DAY))).toBe(false);
    const sign = await amb.client.post<ErrorBody>(`${BASE}/me/contracts/${contract.id}/sign`);
    expect(sign.body.error.code).toBe('contract_already_signed');
  });

  it('sends only the last round when both are due at once', async () => {
    const t = await published();
    const amb = await ambassador('UK');
    const contract = await signed(t.id, amb, [-300, 5]);
    const counts = await sweepContracts(guild.db, { written: () => undefined }, { tenantId });
    expect(counts.reminders).toBe(1);
    const rounds = await query<{ days_before: number; emailed: boolean }>(
      sql`select days_before, emailed from contract_reminders where contract_id = ${contract.id}
           order by days_before`,
    );
    expect(rounds).toEqual([
      { days_before: 7, emailed: true },
      { days_before: 30, emailed: false },
    ]);
    // a member who signed their renewal already is not reminded
    const renewed = await ambassador('UK');
    await signed(t.id, renewed, [-300, 6]);
    await signed(t.id, renewed, [5, 400]);
    const after = await sweepContracts(guild.db, { written: () => undefined }, { tenantId });
    expect(after.reminders).toBe(0);
    // reminders and template versions are never rewritten by the application
    await expect(
      query(sql`update contract_reminders set emailed = true where contract_id = ${contract.id}
                 returning contract_id`),
    ).rejects.toThrow();
    await expect(
      query(sql`update contract_template_versions set body = 'x' where template_id = ${t.id}
                 returning id`),
    ).rejects.toThrow();
    await expect(
      query(sql`delete from ambassador_contracts where id = ${contract.id} returning id`),
    ).rejects.toThrow();
  });
});
