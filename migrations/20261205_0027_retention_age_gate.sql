-- Storage limitation (PRV-08) and the age gate (PRV-10), per tenant (docs/PRIVACY.md).

-- The age gate at sign-up: a date of birth is asked, and people younger than `minimum_age`
-- cannot join. No row means the defaults.
CREATE TABLE privacy_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  age_gate boolean NOT NULL DEFAULT true,
  minimum_age integer NOT NULL DEFAULT 13 CHECK (minimum_age BETWEEN 13 AND 21),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

-- How long each category of data is kept; no row means the category's default
-- (src/privacy/retention/policies.ts).
CREATE TABLE retention_policies (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  category text NOT NULL,
  days integer NOT NULL CHECK (days BETWEEN 1 AND 3650),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (tenant_id, category)
);

-- Each pass of the retention job over a tenant: what it removed per category.
CREATE TABLE retention_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  finished_at timestamptz,
  removed jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX retention_runs_tenant_idx ON retention_runs (tenant_id, started_at DESC);

-- Members told that their inactive account will be erased, and when.
CREATE TABLE retention_notices (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  notified_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  erase_after timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['privacy_settings', 'retention_policies', 'retention_runs',
                           'retention_notices'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
REVOKE DELETE ON privacy_settings, retention_policies, retention_runs FROM guild_app;
