-- Program ROI (docs/ROI.md): a tenant's analytics settings, the program costs it enters month
-- by month, and the retention-lift runs it stored. Costs are removed (kept, with who and when),
-- never deleted; lift runs are never changed once stored.

-- One row per tenant; until one is written, the defaults below apply (the currency then comes
-- from the tenant's regions).
CREATE TABLE analytics_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- fraction of revenue kept as gross margin
  gross_margin numeric(7, 6) NOT NULL DEFAULT 0.35 CHECK (gross_margin BETWEEN 0 AND 1),
  -- in currency units: what moderation cost reduction counts per human review and per AI check
  cost_per_review numeric(14, 6) NOT NULL DEFAULT 0.50 CHECK (cost_per_review >= 0),
  ai_cost_per_item numeric(14, 6) NOT NULL DEFAULT 0.0005 CHECK (ai_cost_per_item >= 0),
  -- in currency units: what one converted referral and one approved content submission are worth
  referral_value numeric(14, 4) NOT NULL DEFAULT 0 CHECK (referral_value >= 0),
  ugc_value numeric(14, 4) NOT NULL DEFAULT 0 CHECK (ugc_value >= 0),
  lift_window_days integer NOT NULL DEFAULT 90 CHECK (lift_window_days BETWEEN 1 AND 730),
  min_group_size integer NOT NULL DEFAULT 30 CHECK (min_group_size BETWEEN 1 AND 100000),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

CREATE TABLE program_costs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- the first day of the month the cost belongs to
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  category text NOT NULL
    CHECK (category IN ('platform', 'staff', 'rewards', 'incentives', 'moderation')),
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  removed_at timestamptz,
  removed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  CHECK (removed_by IS NULL OR removed_at IS NOT NULL)
);
CREATE INDEX program_costs_month_idx ON program_costs (tenant_id, month);
CREATE INDEX program_costs_created_idx ON program_costs (tenant_id, created_at DESC, id DESC);

CREATE TABLE analytics_lift_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  cohort_from timestamptz NOT NULL,
  cohort_to timestamptz NOT NULL,
  window_days integer NOT NULL CHECK (window_days BETWEEN 1 AND 730),
  -- a region code (customers.region_code / regions.code), null: all regions
  region text,
  segment_id uuid REFERENCES segments(id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('ok', 'insufficient')),
  -- the estimate with its group sizes, and the members' spend in the window (docs/ROI.md)
  result jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  CHECK (cohort_to > cohort_from)
);
CREATE INDEX analytics_lift_runs_created_idx
  ON analytics_lift_runs (tenant_id, created_at DESC, id DESC);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_settings', 'program_costs', 'analytics_lift_runs'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Settings are changed, costs are marked removed, runs are kept as they were computed.
REVOKE DELETE ON analytics_settings, program_costs FROM guild_app;
REVOKE UPDATE, DELETE ON analytics_lift_runs FROM guild_app;
