-- Consent per purpose (COMPLIANCE.md PRV-01..03, PRV-07, PRV-10) and the facts about a member
-- that decide who may be asked to do what: date of birth, employment by the retailer, and the
-- household a member belongs to.
--
-- A consent row is one grant: the notice the member saw (version and SHA-256 of its text),
-- when, through which channel and by which method, and later when it was withdrawn. Granting
-- again after a withdrawal adds a new row, so the history proves what held at any moment.

ALTER TABLE users
  ADD COLUMN birth_date date,
  -- the member works for the retailer (staff accounts are also those with a staff role)
  ADD COLUMN employee boolean NOT NULL DEFAULT false,
  -- members who share a household share this opaque key (set by an admin or an import)
  ADD COLUMN household_key text;
CREATE INDEX users_household_idx ON users (tenant_id, household_key) WHERE household_key IS NOT NULL;

-- The text a member is shown before consenting, by purpose and version. Published versions
-- are never changed: a new text is a new version.
CREATE TABLE consent_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  purpose text NOT NULL
    CHECK (purpose IN ('marketing_email', 'ambassador_scoring', 'social_import', 'cookies')),
  version integer NOT NULL CHECK (version > 0),
  body text NOT NULL CHECK (length(body) > 0),
  body_sha256 text NOT NULL,
  published_by uuid REFERENCES users(id) ON DELETE SET NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, purpose, version),
  UNIQUE (tenant_id, id)
);

CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose text NOT NULL
    CHECK (purpose IN ('marketing_email', 'ambassador_scoring', 'social_import', 'cookies')),
  notice_id uuid NOT NULL REFERENCES consent_notices(id),
  notice_version integer NOT NULL,
  notice_sha256 text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('web', 'api', 'email', 'import')),
  method text NOT NULL CHECK (method IN ('checkbox', 'toggle', 'link', 'import')),
  ip text,
  user_agent text,
  granted_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  withdrawn_at timestamptz,
  withdrawal_channel text CHECK (withdrawal_channel IN ('web', 'api', 'email', 'import', 'system')),
  CHECK ((withdrawn_at IS NULL) = (withdrawal_channel IS NULL)),
  CHECK (withdrawn_at IS NULL OR withdrawn_at >= granted_at)
);
-- at most one consent in force per member and purpose
CREATE UNIQUE INDEX consents_in_force_idx ON consents (user_id, purpose) WHERE withdrawn_at IS NULL;
CREATE INDEX consents_history_idx ON consents (user_id, granted_at DESC);

-- What each category of stored data may be used for (PRV-07). A category missing here has the
-- defaults written in src/privacy/data-purposes.ts.
CREATE TABLE data_category_purposes (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  category text NOT NULL
    CHECK (category IN ('crm_purchases', 'loyalty', 'community_activity', 'reviews',
                        'social_mentions')),
  purposes text[] NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, category)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['consent_notices', 'consents', 'data_category_purposes']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Notices are published, never edited; consents are withdrawn, never deleted (erasure of a
-- member removes theirs with the member row).
REVOKE UPDATE, DELETE ON consent_notices FROM guild_app;
REVOKE DELETE ON consents, data_category_purposes FROM guild_app;
