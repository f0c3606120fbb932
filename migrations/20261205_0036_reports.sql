-- The ROI and impact report (docs/REPORTS.md): schedules that make it every month or quarter,
-- and the reports made, kept as program records (the file itself, with who asked for it).

CREATE TABLE analytics_report_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  cadence text NOT NULL CHECK (cadence IN ('monthly', 'quarterly')),
  format text NOT NULL CHECK (format IN ('html', 'pdf')),
  locale text NOT NULL CHECK (locale ~ '^[a-z]{2}-[A-Z]{2}$'),
  -- a region code and a segment key, null: the whole tenant
  region text,
  segment text,
  -- staff members (managers, admins) e-mailed a link to each report
  recipients uuid[] NOT NULL DEFAULT '{}',
  -- the last month of the last period reported ("YYYY-MM"); set at creation to the period
  -- complete then, so the first report is of the next period
  last_period_to text NOT NULL CHECK (last_period_to ~ '^[0-9]{4}-[0-9]{2}$'),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
);
CREATE INDEX analytics_report_schedules_tenant_idx
  ON analytics_report_schedules (tenant_id, created_at DESC, id DESC);

CREATE TABLE analytics_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  schedule_id uuid REFERENCES analytics_report_schedules(id) ON DELETE SET NULL,
  kind text NOT NULL DEFAULT 'roi' CHECK (kind IN ('roi')),
  period_from text NOT NULL CHECK (period_from ~ '^[0-9]{4}-[0-9]{2}$'),
  period_to text NOT NULL CHECK (period_to ~ '^[0-9]{4}-[0-9]{2}$'),
  region text,
  segment text,
  locale text NOT NULL,
  format text NOT NULL CHECK (format IN ('html', 'pdf')),
  file_name text NOT NULL,
  content_type text NOT NULL,
  content bytea NOT NULL,
  sha256 text NOT NULL,
  bytes integer NOT NULL,
  -- who asked for it; null for a schedule's report
  requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  generated_at timestamptz NOT NULL,
  downloads integer NOT NULL DEFAULT 0
);
CREATE INDEX analytics_reports_tenant_idx
  ON analytics_reports (tenant_id, generated_at DESC, id DESC);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_report_schedules', 'analytics_reports'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- A report is kept as it was made; only its count of downloads changes.
REVOKE UPDATE, DELETE ON analytics_reports FROM guild_app;
GRANT UPDATE (downloads) ON analytics_reports TO guild_app;
