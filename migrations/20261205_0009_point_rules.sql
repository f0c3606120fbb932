-- Point rules and the activity they score (docs/gamification-rules.md).
--
-- A rule says how many points one kind of activity earns, where (the whole community, a
-- region or a space) and within which limits. Every change of a rule is a new version, kept
-- for good in point_rule_versions; ledger entries name the rule and version that made them.
--
-- activity_events holds each reported occurrence once (unique per tenant, kind and cause key);
-- activity_awards says what each rule gave for it, which is what caps and cooldowns count.

CREATE TABLE point_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  event_kind text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('tenant', 'region', 'space')),
  region_id uuid REFERENCES regions(id) ON DELETE CASCADE,
  space_id uuid REFERENCES spaces(id) ON DELETE CASCADE,
  -- a bonus rule is scored beside the winning rule instead of competing with it
  bonus boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  -- amounts, caps, cooldown, diminishing returns, eligibility, conditions, windows
  settings jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope = 'region') = (region_id IS NOT NULL)),
  CHECK ((scope = 'space') = (space_id IS NOT NULL))
);
CREATE INDEX point_rules_kind_idx ON point_rules (tenant_id, event_kind) WHERE active;

-- Append-only: one row per version of a rule, as it was from `created_at` on.
CREATE TABLE point_rule_versions (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES point_rules(id) ON DELETE CASCADE,
  version integer NOT NULL,
  change text NOT NULL CHECK (change IN ('created', 'updated', 'deactivated', 'activated')),
  definition jsonb NOT NULL,
  changed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, version)
);

CREATE TABLE activity_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind text NOT NULL,
  cause_key text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
  occurred_at timestamptz NOT NULL,
  -- the member's calendar day (their time zone) when it happened: what daily caps count
  local_day date NOT NULL,
  space_id uuid,
  region_id uuid,
  quantity bigint,
  currency text,
  properties jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'withdrawn')),
  -- how often the cause was (re)instated: content published again after a withdrawal
  generation integer NOT NULL DEFAULT 1,
  -- of `quantity`, how much was refunded (purchases)
  refunded_quantity bigint NOT NULL DEFAULT 0,
  withdrawn_at timestamptz,
  withdraw_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, kind, cause_key)
);
CREATE INDEX activity_events_cause_idx ON activity_events (tenant_id, cause_key);
CREATE INDEX activity_events_user_idx ON activity_events (user_id, occurred_at, id);

CREATE TABLE activity_awards (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id uuid NOT NULL REFERENCES activity_events(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES point_rules(id) ON DELETE CASCADE,
  rule_version integer NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  local_day date NOT NULL,
  occurred_at timestamptz NOT NULL,
  points bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, rule_id)
);
CREATE INDEX activity_awards_member_idx ON activity_awards (user_id, rule_id, local_day);

-- Refunds applied to a purchase, once each.
CREATE TABLE activity_refunds (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id uuid NOT NULL REFERENCES activity_events(id) ON DELETE CASCADE,
  refund_id text NOT NULL,
  quantity bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, refund_id)
);

-- Runs of the re-scoring job and their progress.
CREATE TABLE point_backfills (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  total integer NOT NULL DEFAULT 0,
  processed integer NOT NULL DEFAULT 0,
  adjusted integer NOT NULL DEFAULT 0,
  points_delta bigint NOT NULL DEFAULT 0,
  error text,
  requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX point_backfills_tenant_idx ON point_backfills (tenant_id, created_at DESC);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['point_rules', 'point_rule_versions', 'activity_events',
    'activity_awards', 'activity_refunds', 'point_backfills']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON point_rules, activity_events, point_backfills TO guild_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON activity_awards TO guild_app;
-- Versions and applied refunds are append-only for the application.
GRANT SELECT, INSERT ON point_rule_versions, activity_refunds TO guild_app;
