/**
 * The demo's privacy work in progress: data-subject requests on the admins' board under both
 * regimes (a UK access request two-thirds through its month, a US "know" request past its
 * acknowledgement date, an erasure waiting for its identity check), so the board shows clocks
 * running and one overdue.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Database } from '../core/db/database.js';
import { fileRequest } from '../privacy/requests/requests.service.js';

const DAY = 86_400_000;

export async function seedDemoPrivacy(db: Database, tenantId: string, now = new Date()) {
  await db.tenant(tenantId, async (tx) => {
    const pick = async (region: string, skip: number) => {
      const [row] = await sqlRows<{ id: string }>(
        tx,
        sql`select u.id from users u join regions r on r.id = u.region_id
            where r.code = ${region} and u.role = 'member' and u.password_hash is null
            order by u.created_at, u.id offset ${skip} limit 1`,
      );
      return row?.id ?? null;
    };
    const [admin] = await sqlRows<{ id: string }>(
      tx,
      sql`select id from users where role = 'admin' order by created_at limit 1`,
    );
    const requests = [
      { region: 'UK', kind: 'access' as const, daysAgo: 20, channel: 'email' as const },
      { region: 'US', kind: 'access' as const, daysAgo: 16, channel: 'privacy_centre' as const },
      { region: 'DE', kind: 'erasure' as const, daysAgo: 1, channel: 'email' as const },
    ];
    for (const [i, request] of requests.entries()) {
      const userId = await pick(request.region, i);
      if (!userId) {
        continue;
      }
      await fileRequest(tx, tenantId, {
        userId,
        kind: request.kind,
        note:
          request.kind === 'erasure'
            ? 'Asked by e-mail to close the account and remove everything.'
            : 'Asked for a copy of everything the community holds.',
        channel: request.channel,
        receivedAt: new Date(now.getTime() - request.daysAgo * DAY),
        loggedBy: request.channel === 'privacy_centre' ? null : (admin?.id ?? null),
        ...(request.channel === 'privacy_centre'
          ? { identity: { method: 'signed_in_session' as const, by: null } }
          : {}),
      });
    }
  });
}
