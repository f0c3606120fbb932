/** What of an account leaves the server: the schemas and the queries that fill them. */
import { Type, type Static } from 'typebox';
import { eq } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { ROLES } from '../core/http/access.js';
import { StringEnum } from '../core/http/schemas.js';
import { presentRegion } from '../tenancy/tenancy.service.js';
import { regions } from '../tenancy/tenancy.table.js';
import { users } from './accounts.table.js';

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  locale: Type.String(),
  timezone: Type.String(),
});

export const UserRefSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
});
export type UserRef = Static<typeof UserRefSchema>;

export const MeSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  /** True once the member proved, by an e-mailed link, that the address is theirs. */
  emailVerified: Type.Boolean(),
  role: StringEnum(ROLES),
  status: Type.String(),
  locale: Type.String(),
  /** The member's own time zone, when they chose one (otherwise their region's). */
  timezone: Type.Union([Type.String(), Type.Null()]),
  bio: Type.String(),
  region: Type.Union([RegionSchema, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Me = Static<typeof MeSchema>;

/** Loads one account as `Me`; null when it does not exist in this tenant. */
export async function loadMe(db: Orm, userId: string): Promise<Me | null> {
  const [row] = await db
    .select({ user: users, region: regions })
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(eq(users.id, userId));
  if (!row) {
    return null;
  }
  const { user, region } = row;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    role: user.role,
    status: user.status,
    locale: user.locale,
    timezone: user.timezone,
    bio: user.bio,
    region: presentRegion(region),
    createdAt: user.createdAt.toISOString(),
  };
}
