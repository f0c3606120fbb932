/**
 * Writes brand mentions and the social profiles of their authors. A mention is keyed by its
 * platform and its id there; a profile by its platform and handle, compared without case.
 */
import { sql } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';
import type { Mention } from '../import/presets.js';
import { column, write } from './bulk-sql.js';

/** A handle as profiles are matched: without a leading @, lower-cased. */
export function handleKey(handle: string): string {
  return handle.replace(/^@/, '').normalize('NFC').toLowerCase();
}

/** Writes a batch of mentions; returns how many were new. */
export async function writeMentions(
  tx: Orm,
  tenantId: string,
  batch: readonly Mention[],
  source: string,
): Promise<{ written: number }> {
  if (batch.length === 0) {
    return { written: 0 };
  }
  const profiles = new Map<string, Mention>();
  for (const mention of batch) {
    if (mention.authorHandle !== null) {
      profiles.set(`${mention.platform}\u001f${handleKey(mention.authorHandle)}`, mention);
    }
  }
  if (profiles.size > 0) {
    const list = [...profiles.values()];
    await write(
      tx,
      sql`insert into social_profiles (tenant_id, platform, handle, handle_key)
        select ${tenantId}, platform, handle, handle_key
          from unnest(${column(
            list.map((m) => m.platform),
            'text',
          )}, ${column(
            list.map((m) => m.authorHandle),
            'text',
          )}, ${column(
            list.map((m) => handleKey(m.authorHandle ?? '')),
            'text',
          )}) as t(platform, handle, handle_key)
        on conflict (tenant_id, platform, handle_key) do nothing`,
    );
  }
  const written = await write(
    tx,
    sql`insert into mentions (tenant_id, platform, external_id, profile_id, author_handle, brand,
        body, reach, sentiment, posted_at, source)
      select ${tenantId}, t.platform, t.external_id, p.id, t.author_handle, t.brand, t.body,
        t.reach, t.sentiment, t.posted_at, ${source}
        from unnest(${column(
          batch.map((m) => m.platform),
          'text',
        )}, ${column(
          batch.map((m) => m.externalId),
          'text',
        )}, ${column(
          batch.map((m) => m.authorHandle),
          'text',
        )}, ${column(
          batch.map((m) => (m.authorHandle === null ? null : handleKey(m.authorHandle))),
          'text',
        )}, ${column(
          batch.map((m) => m.brand),
          'text',
        )}, ${column(
          batch.map((m) => m.text),
          'text',
        )}, ${column(
          batch.map((m) => m.reach),
          'int',
        )}, ${column(
          batch.map((m) => m.sentiment),
          'text',
        )}, ${column(
          batch.map((m) => m.createdAt.toISOString()),
          'timestamptz',
        )}) as t(platform, external_id, author_handle, handle_key, brand, body, reach, sentiment,
          posted_at)
        left join social_profiles p
          on p.platform = t.platform and p.handle_key = t.handle_key
      on conflict (tenant_id, platform, external_id) do nothing`,
  );
  return { written };
}
