-- The ambassador program (docs/AMBASSADORS.md): programs with their scoring weights, the
-- candidate scores of each run with their reasons, members' requests for a human review of a
-- score, members who opted out, and each member's place in a program's workflow with every
-- transition kept.

CREATE TABLE ambassador_programs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- candidates come from this region and segment only (null: all)
  region_id uuid REFERENCES regions(id) ON DELETE RESTRICT,
  segment_id uuid REFERENCES segments(id) ON DELETE RESTRICT,
  -- feature name -> weight (see src/ambassadors/scoring/features.ts)
  weights jsonb NOT NULL,
  min_age integer NOT NULL DEFAULT 18 CHECK (min_age BETWEEN 13 AND 99),
  -- open missions one ambassador may hold at once
  workload_cap integer NOT NULL DEFAULT 3 CHECK (workload_cap BETWEEN 1 AND 100),
  -- invitations sent per day by this program, and how long a member who declined is left alone
  invite_daily_limit integer NOT NULL DEFAULT 50 CHECK (invite_daily_limit BETWEEN 1 AND 10000),
  reinvite_after_days integer NOT NULL DEFAULT 180 CHECK (reinvite_after_days BETWEEN 0 AND 3650),
  invitation_valid_days integer NOT NULL DEFAULT 14 CHECK (invitation_valid_days BETWEEN 1 AND 365),
  -- a rejected item of the member's within this many days keeps them out
  strike_window_days integer NOT NULL DEFAULT 90 CHECK (strike_window_days BETWEEN 0 AND 3650),
  -- scores are recomputed when the last run is older than this
  rescore_every_hours integer NOT NULL DEFAULT 24 CHECK (rescore_every_hours BETWEEN 1 AND 8760),
  accepts_applications boolean NOT NULL DEFAULT true,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, id)
);

-- One scoring of a program's candidates, scheduled or asked for, with its progress.
CREATE TABLE ambassador_score_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  -- only data dated before this moment is read
  as_of timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  members_total integer,
  members_done integer NOT NULL DEFAULT 0,
  scored integer NOT NULL DEFAULT 0,
  excluded integer NOT NULL DEFAULT 0,
  -- members without scoring consent: never read, never scored
  not_consented integer NOT NULL DEFAULT 0,
  error text,
  requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX ambassador_score_runs_program_idx ON ambassador_score_runs (program_id, created_at DESC);
-- one run of a program at a time
CREATE UNIQUE INDEX ambassador_score_runs_one_open_idx ON ambassador_score_runs (program_id)
  WHERE status IN ('queued', 'running');

-- The latest score of each member in each program. A member without scoring consent has no row;
-- an excluded member has a row without a score, with why.
CREATE TABLE ambassador_scores (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  run_id uuid REFERENCES ambassador_score_runs(id) ON DELETE SET NULL,
  -- 0..100; null when excluded
  score real CHECK (score BETWEEN 0 AND 100),
  -- the member's inputs (raw values) and each feature's share of the score
  inputs jsonb NOT NULL DEFAULT '{}',
  contributions jsonb NOT NULL DEFAULT '{}',
  reasons jsonb NOT NULL DEFAULT '[]',
  exclusions text[] NOT NULL DEFAULT '{}',
  as_of timestamptz NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, user_id),
  CHECK ((score IS NULL) = (cardinality(exclusions) > 0))
);
CREATE INDEX ambassador_scores_rank_idx ON ambassador_scores (program_id, score DESC NULLS LAST, user_id);
CREATE INDEX ambassador_scores_user_idx ON ambassador_scores (user_id);

-- A member's request that a person look at their score or exclusion (PRV-09).
CREATE TABLE ambassador_score_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  message text NOT NULL DEFAULT '',
  -- the score and exclusions the member saw when asking
  score_seen real,
  exclusions_seen text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  outcome text CHECK (outcome IN ('upheld', 'changed')),
  response text,
  requested_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
  resolved_at timestamptz,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND outcome IS NOT NULL))
);
CREATE UNIQUE INDEX ambassador_score_reviews_one_open_idx ON ambassador_score_reviews (program_id, user_id)
  WHERE status = 'open';
CREATE INDEX ambassador_score_reviews_listing_idx ON ambassador_score_reviews (tenant_id, requested_at DESC, id DESC);

-- Members who asked never to be considered for any ambassador program.
CREATE TABLE ambassador_opt_outs (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  opted_out_at timestamptz NOT NULL DEFAULT now()
);

-- A member's place in a program. The state changes only through the transitions allowed in
-- src/ambassadors/workflow.ts, each one kept in ambassador_transitions.
CREATE TABLE ambassadors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('applied', 'identified', 'invited', 'accepted', 'declined',
    'onboarding', 'active', 'paused', 'alumni')),
  source text NOT NULL CHECK (source IN ('scoring', 'application', 'manual')),
  -- the score when the member was identified (kept for the pipeline's history)
  score_at_identification real,
  application_message text,
  invited_at timestamptz,
  invitation_expires_at timestamptz,
  responded_at timestamptz,
  activated_at timestamptz,
  state_changed_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  UNIQUE (program_id, user_id),
  UNIQUE (tenant_id, id)
);
CREATE INDEX ambassadors_state_idx ON ambassadors (program_id, state, state_changed_at DESC, id DESC);
CREATE INDEX ambassadors_user_idx ON ambassadors (user_id);
CREATE INDEX ambassadors_invited_idx ON ambassadors (tenant_id, invited_at) WHERE invited_at IS NOT NULL;

CREATE TABLE ambassador_transitions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  ambassador_id uuid NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  from_state text,
  to_state text NOT NULL,
  actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('member', 'manager', 'system')),
  reason text,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ambassador_transitions_ambassador_idx ON ambassador_transitions (ambassador_id, id);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ambassador_programs', 'ambassador_score_runs', 'ambassador_scores',
    'ambassador_score_reviews', 'ambassador_opt_outs', 'ambassadors', 'ambassador_transitions']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Transitions are history: never changed or deleted. Programs are archived, not deleted.
REVOKE UPDATE, DELETE ON ambassador_transitions FROM guild_app;
REVOKE DELETE ON ambassador_programs, ambassador_score_runs, ambassador_score_reviews, ambassadors
  FROM guild_app;
