-- Ambassador missions (docs/AMBASSADORS.md): the missions a program's managers write, the
-- assignments of missions to active ambassadors, and the evidence ambassadors submit, kept in
-- versions with the decision on each.

-- New notification kinds (guild_allow_notification_kinds: migration 0018).
SELECT guild_allow_notification_kinds(ARRAY['mission_assigned', 'mission_decision']);

-- A mission of a program: what to do, what it pays, by when, what evidence it needs and in
-- which markets. draft → open → closed; never deleted.
CREATE TABLE ambassador_missions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('post', 'review', 'ugc', 'event', 'referral')),
  title text NOT NULL,
  -- plain text or Markdown, kept as written
  brief text NOT NULL DEFAULT '',
  incentive_points integer NOT NULL DEFAULT 0 CHECK (incentive_points BETWEEN 0 AND 1000000),
  -- a reward that is not points (a product to keep, an event ticket)
  incentive_text text,
  due_at timestamptz NOT NULL,
  evidence_required text[] NOT NULL DEFAULT '{}'
    CHECK (evidence_required <@ ARRAY['link', 'text', 'media']::text[]),
  -- region codes; empty: the program's region, or everywhere when the program has none
  markets text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  opened_at timestamptz,
  closed_at timestamptz,
  UNIQUE (tenant_id, id)
);
CREATE INDEX ambassador_missions_program_idx
  ON ambassador_missions (program_id, created_at DESC, id DESC);

-- One mission given to one ambassador (by a manager, or taken by the ambassador). Open while
-- assigned, submitted or changes_requested; the program's workload cap counts those.
CREATE TABLE ambassador_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  mission_id uuid NOT NULL REFERENCES ambassador_missions(id) ON DELETE CASCADE,
  ambassador_id uuid NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'submitted',
    'changes_requested', 'approved', 'rejected', 'declined', 'missed')),
  source text NOT NULL CHECK (source IN ('manager', 'self')),
  assigned_by uuid REFERENCES users(id) ON DELETE SET NULL,
  -- the due date and the points promised when the mission was given
  due_at timestamptz NOT NULL,
  incentive_points integer NOT NULL CHECK (incentive_points >= 0),
  decline_reason text,
  assigned_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  -- the first answer: the first submission, or declining
  answered_at timestamptz,
  -- approved, rejected, declined or missed
  closed_at timestamptz,
  UNIQUE (mission_id, ambassador_id),
  CHECK ((status = 'declined') = (decline_reason IS NOT NULL))
);
CREATE INDEX ambassador_assignments_open_idx ON ambassador_assignments (ambassador_id)
  WHERE status IN ('assigned', 'submitted', 'changes_requested');
CREATE INDEX ambassador_assignments_ambassador_idx
  ON ambassador_assignments (ambassador_id, assigned_at DESC);
CREATE INDEX ambassador_assignments_user_idx ON ambassador_assignments (user_id, assigned_at DESC);
CREATE INDEX ambassador_assignments_mission_idx
  ON ambassador_assignments (mission_id, assigned_at DESC, id DESC);
CREATE INDEX ambassador_assignments_due_idx ON ambassador_assignments (due_at)
  WHERE status = 'assigned';

-- The evidence of an assignment, one row per version. One version at a time waits for a
-- decision; a request for changes lets the ambassador send the next.
CREATE TABLE ambassador_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  assignment_id uuid NOT NULL REFERENCES ambassador_assignments(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  text text,
  links text[] NOT NULL DEFAULT '{}',
  -- [{url, kind: image|video, width?, height?, altText?}]: metadata only
  media jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'rejected', 'changes_requested')),
  submitted_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  decision_reason text,
  -- from submission to decision
  seconds_to_decision integer,
  UNIQUE (assignment_id, version),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX ambassador_submissions_one_pending_idx ON ambassador_submissions (assignment_id)
  WHERE status = 'pending';

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ambassador_missions', 'ambassador_assignments',
    'ambassador_submissions']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Missions are closed, assignments end in a status, evidence is kept in versions: nothing here
-- is deleted by the application.
REVOKE DELETE ON ambassador_missions, ambassador_assignments, ambassador_submissions
  FROM guild_app;
