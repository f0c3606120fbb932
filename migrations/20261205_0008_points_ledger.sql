-- The points ledger: one append-only list of entries per tenant, and each member's balances
-- kept beside it in the same transaction. Entries are never updated or deleted; a mistake is
-- put right by a new entry that says what it corrects.
--
-- Balances are defined by the entries (docs/GAMIFICATION.md):
--   spendable       = sum(amount) of entries in the spendable bucket
--   pending         = sum(amount) of entries in the pending bucket (inside a return window)
--   lifetime        = sum(amount) of earning entries (award, reversal, adjustment), any bucket
--   tier_qualifying = sum(amount) of entries marked tier-qualifying
-- and the reconciliation report proves it for every member.

-- A member's day (streaks, expiry) is the day in their time zone: their own, else their
-- region's, else the community's.
ALTER TABLE tenants ADD COLUMN timezone text NOT NULL DEFAULT 'UTC';
ALTER TABLE users ADD COLUMN timezone text;

CREATE FUNCTION guild_member_timezone(member uuid) RETURNS text
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  zone text;
BEGIN
  -- PL/pgSQL keeps the plan of this query for the session; it runs on every expiring award.
  SELECT coalesce(u.timezone, r.timezone, t.timezone, 'UTC') INTO zone
    FROM users u
    JOIN tenants t ON t.id = u.tenant_id
    LEFT JOIN regions r ON r.id = u.region_id
   WHERE u.id = member;
  RETURN coalesce(zone, 'UTC');
END
$$;

-- The first instant after the local calendar day that is `days` days after `at`, in `zone`:
-- points that expire "on 31 March" in Berlin are valid until 1 April 00:00 Berlin time.
CREATE FUNCTION guild_end_of_local_day(at timestamptz, days integer, zone text) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT (((at AT TIME ZONE zone)::date + days + 1)::timestamp) AT TIME ZONE zone $$;

CREATE TABLE point_balances (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid PRIMARY KEY REFERENCES users(id),
  lifetime bigint NOT NULL DEFAULT 0,
  spendable bigint NOT NULL DEFAULT 0,
  pending bigint NOT NULL DEFAULT 0,
  tier_qualifying bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX point_balances_tenant_idx ON point_balances (tenant_id);

CREATE TABLE ledger_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('award', 'reversal', 'adjustment', 'redemption', 'refund',
    'expiry', 'release', 'conversion')),
  bucket text NOT NULL CHECK (bucket IN ('spendable', 'pending')),
  amount bigint NOT NULL CHECK (amount <> 0),
  tier_qualifying boolean NOT NULL DEFAULT false,
  reason text NOT NULL,
  -- who or what caused it: community, integration, program, api, reward, loyalty, system
  source text NOT NULL,
  -- the cause, so that it can be reversed when the cause goes away (e.g. post:<id>)
  source_ref text,
  rule_id uuid,
  rule_version integer,
  idempotency_key text NOT NULL,
  reverses_entry_id bigint REFERENCES ledger_entries(id),
  -- a pending entry becomes spendable at this time (the end of a return window)
  available_at timestamptz,
  -- the spendable points it brings expire at this time
  expires_at timestamptz,
  space_id uuid,
  region_id uuid,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, idempotency_key),
  CHECK ((bucket = 'pending') = (available_at IS NOT NULL) OR kind <> 'award')
);
CREATE INDEX ledger_entries_user_idx ON ledger_entries (user_id, id DESC);
CREATE INDEX ledger_entries_source_ref_idx ON ledger_entries (tenant_id, source_ref)
  WHERE source_ref IS NOT NULL;
CREATE INDEX ledger_entries_pending_idx ON ledger_entries (available_at)
  WHERE bucket = 'pending' AND kind = 'award';
CREATE INDEX ledger_entries_reverses_idx ON ledger_entries (reverses_entry_id)
  WHERE reverses_entry_id IS NOT NULL;

-- Spendable points by lot, for expiry oldest first: each spendable credit is a lot, and each
-- debit takes from the lots that expire soonest. `remaining` is what is left of the lot; the
-- sum over a member's lots equals their spendable balance when it is not negative.
CREATE TABLE point_lots (
  entry_id bigint PRIMARY KEY REFERENCES ledger_entries(id),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  remaining bigint NOT NULL CHECK (remaining >= 0),
  expires_at timestamptz
);
CREATE INDEX point_lots_user_idx ON point_lots (user_id, expires_at, entry_id) WHERE remaining > 0;
CREATE INDEX point_lots_expiry_idx ON point_lots (expires_at) WHERE remaining > 0;

-- A credit in one call: the entry (or nothing, when its key was used before), the balances and
-- the lot. A function rather than a statement from the application, so that each session plans
-- its statements once (awards are the hottest write Guild makes). It runs with the caller's
-- rights, so row-level security applies as it does to any statement.
CREATE FUNCTION guild_credit(p_tenant uuid, p_user uuid, p_kind text, p_amount bigint,
    p_tier boolean, p_reason text, p_source text, p_source_ref text, p_rule uuid,
    p_rule_version integer, p_key text, p_pending_until timestamptz, p_expires_days integer,
    p_space uuid, p_region uuid, p_created_by uuid)
  RETURNS SETOF ledger_entries
  LANGUAGE plpgsql
  AS $$
DECLARE
  entry ledger_entries;
  spendable_after bigint;
  lot bigint;
  expires timestamptz;
  bucket text := CASE WHEN p_pending_until IS NULL THEN 'spendable' ELSE 'pending' END;
  earning boolean := p_kind IN ('award', 'reversal', 'adjustment');
BEGIN
  IF p_expires_days IS NOT NULL THEN
    expires := guild_end_of_local_day(coalesce(p_pending_until, now()), p_expires_days,
      guild_member_timezone(p_user));
  END IF;
  INSERT INTO ledger_entries (tenant_id, user_id, kind, bucket, amount, tier_qualifying, reason,
      source, source_ref, rule_id, rule_version, idempotency_key, available_at, expires_at,
      space_id, region_id, created_by)
    VALUES (p_tenant, p_user, p_kind, bucket, p_amount, p_tier, p_reason, p_source, p_source_ref,
      p_rule, p_rule_version, p_key, p_pending_until, expires, p_space, p_region, p_created_by)
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
    RETURNING * INTO entry;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  INSERT INTO point_balances AS b (tenant_id, user_id, lifetime, spendable, pending, tier_qualifying)
    VALUES (p_tenant, p_user,
      CASE WHEN earning THEN p_amount ELSE 0 END,
      CASE WHEN bucket = 'spendable' THEN p_amount ELSE 0 END,
      CASE WHEN bucket = 'pending' THEN p_amount ELSE 0 END,
      CASE WHEN p_tier THEN p_amount ELSE 0 END)
    ON CONFLICT (user_id) DO UPDATE SET
      lifetime = b.lifetime + excluded.lifetime,
      spendable = b.spendable + excluded.spendable,
      pending = b.pending + excluded.pending,
      tier_qualifying = b.tier_qualifying + excluded.tier_qualifying,
      updated_at = now()
    RETURNING b.spendable INTO spendable_after;
  lot := least(p_amount, greatest(spendable_after, 0));
  IF bucket = 'spendable' AND lot > 0 THEN
    INSERT INTO point_lots (entry_id, tenant_id, user_id, remaining, expires_at)
      VALUES (entry.id, p_tenant, p_user, lot, expires);
  END IF;
  RETURN NEXT entry;
END
$$;

-- Requests sent with an Idempotency-Key: the first answer is kept and replayed to a retry.
CREATE TABLE idempotent_requests (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  key text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  response_status integer NOT NULL,
  response_body jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['point_balances', 'ledger_entries', 'point_lots',
    'idempotent_requests']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- The ledger is append-only for the application: no UPDATE or DELETE on entries.
GRANT SELECT, INSERT ON ledger_entries TO guild_app;
GRANT SELECT, INSERT, UPDATE ON point_balances, point_lots TO guild_app;
GRANT SELECT, INSERT, DELETE ON idempotent_requests TO guild_app;
