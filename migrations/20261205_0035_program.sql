-- The program layer of analytics (docs/PROGRAM.md): goals with their KPIs, maturity
-- assessments, the state managers keep on the rollout plan (targets they adjusted, criteria they
-- checked off by hand), and expansions of the program to a new region or segment.
-- Assessments and expansions are records of what happened: never changed once written.

CREATE TABLE program_goals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  title text NOT NULL CHECK (char_length(title) BETWEEN 3 AND 200),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
  -- a staff member (moderator, manager or admin) answerable for the goal
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'in_progress', 'achieved', 'missed', 'dropped')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX program_goals_created_idx ON program_goals (tenant_id, created_at DESC, id DESC);

-- A KPI names one metric of the catalogue (src/analytics/program/kpi-metrics.ts), a direction
-- and a target in the metric's unit (fractions for rates: 0.25 is 25%), optionally for one
-- region or segment.
CREATE TABLE program_kpis (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  goal_id uuid NOT NULL REFERENCES program_goals(id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 1),
  metric text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('at_least', 'at_most')),
  target double precision NOT NULL,
  region_id uuid REFERENCES regions(id) ON DELETE RESTRICT,
  segment_id uuid REFERENCES segments(id) ON DELETE RESTRICT,
  UNIQUE (goal_id, position)
);

-- One submitted questionnaire: the answers (question id -> 0..4) as given; the report is
-- computed from them with the questionnaire of `questionnaire_version`.
CREATE TABLE program_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  questionnaire_version integer NOT NULL CHECK (questionnaire_version >= 1),
  answers jsonb NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
  submitted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  submitted_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
);
CREATE INDEX program_assessments_submitted_idx
  ON program_assessments (tenant_id, submitted_at DESC, id DESC);

-- What a manager set on one criterion of the rollout plan: a target of a measured criterion in
-- place of the default, or the check-off of a criterion that is not measured.
CREATE TABLE program_plan_criteria (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  criterion_key text NOT NULL CHECK (criterion_key ~ '^[a-z0-9_]{2,60}$'),
  target double precision,
  checked boolean NOT NULL DEFAULT false,
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (tenant_id, criterion_key)
);

-- An expansion: a new region or segment set up from an existing one, with what was copied.
CREATE TABLE program_expansions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('region', 'segment')),
  source_code text NOT NULL,
  target_code text NOT NULL,
  -- the disclosure market chosen for the new region (US, UK, IE, DE); null for a segment
  disclosure_market text,
  summary jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  CHECK ((kind = 'region') = (disclosure_market IS NOT NULL))
);
CREATE INDEX program_expansions_created_idx
  ON program_expansions (tenant_id, created_at DESC, id DESC);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['program_goals', 'program_kpis', 'program_assessments',
                           'program_plan_criteria', 'program_expansions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Plan state is changed, never removed; assessments and expansions are kept as written.
REVOKE DELETE ON program_plan_criteria FROM guild_app;
REVOKE UPDATE, DELETE ON program_assessments, program_expansions FROM guild_app;
