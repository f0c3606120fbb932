/**
 * The age gate at sign-up (PRV-10): when a tenant has it on (the default), joining asks for a
 * date of birth and refuses anyone younger than the tenant's minimum age (13 unless an admin
 * sets up to 21). Members under the consent age (16) may join but cannot give profiling or
 * marketing consent themselves (consents.service.ts). A refused date of birth is not stored.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError, fail } from '../core/errors/errors.js';
import { ageOn } from './consents.service.js';

export const DEFAULT_MINIMUM_AGE = 13;

export interface AgeGate {
  /** Whether sign-up asks for a date of birth and checks it. */
  ageGate: boolean;
  minimumAge: number;
}

export async function ageGateOf(tx: Orm): Promise<AgeGate> {
  const [row] = await sqlRows<{ age_gate: boolean; minimum_age: number }>(
    tx,
    sql`select age_gate, minimum_age from privacy_settings`,
  );
  return {
    ageGate: row?.age_gate ?? true,
    minimumAge: row?.minimum_age ?? DEFAULT_MINIMUM_AGE,
  };
}

export async function setAgeGate(
  tx: Orm,
  tenantId: string,
  change: AgeGate,
  by: string,
): Promise<AgeGate> {
  await tx.execute(
    sql`insert into privacy_settings (tenant_id, age_gate, minimum_age, updated_by)
        values (${tenantId}, ${change.ageGate}, ${change.minimumAge}, ${by})
        on conflict (tenant_id) do update set age_gate = excluded.age_gate,
          minimum_age = excluded.minimum_age, updated_by = excluded.updated_by,
          updated_at = date_trunc('milliseconds', now())`,
  );
  return ageGateOf(tx);
}

/**
 * Checks a date of birth given at sign-up against the tenant's gate; returns what to store
 * (the date, or null when the gate is off and none was given).
 */
export async function checkSignUpAge(
  tx: Orm,
  birthDate: string | undefined,
  at: Date = new Date(),
): Promise<string | null> {
  const gate = await ageGateOf(tx);
  if (birthDate === undefined) {
    if (gate.ageGate) {
      throw fail.validation('Give your date of birth: this community has a minimum age.', {
        field: 'birthDate',
        minimumAge: gate.minimumAge,
      });
    }
    return null;
  }
  const born = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(born.getTime()) || born > at || born.getUTCFullYear() < 1900) {
    throw fail.validation('A date of birth is a past date after 1900.', { field: 'birthDate' });
  }
  const age = ageOn(birthDate, at)!;
  if (gate.ageGate && age < gate.minimumAge) {
    throw new GuildError(
      'age_requirement_not_met',
      `You must be at least ${gate.minimumAge} to join this community.`,
      { minimumAge: gate.minimumAge },
    );
  }
  return birthDate;
}
