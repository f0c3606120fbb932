-- Feedback from ambassadors (docs/AMBASSADORS.md, "Feedback and retention"): surveys per program
-- with an NPS question and up to ten more, who was invited when a survey opened, the answers
-- (with the sentiment of each free-text answer), and the program's iteration log.

-- New notification kinds (guild_allow_notification_kinds: migration 0018).
SELECT guild_allow_notification_kinds(ARRAY['ambassador_survey']);

-- A survey of one program's ambassadors. Its questions (a JSON array, see
-- src/ambassadors/feedback/questions.ts) change only while it is a draft.
CREATE TABLE ambassador_surveys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  title text NOT NULL,
  intro text NOT NULL DEFAULT '',
  -- an anonymous survey keeps no link between a member and their answers
  anonymous boolean NOT NULL DEFAULT true,
  questions jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  opened_at timestamptz,
  closed_at timestamptz,
  CHECK ((status = 'draft') = (opened_at IS NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  UNIQUE (tenant_id, id)
);
CREATE INDEX ambassador_surveys_program_idx ON ambassador_surveys (program_id, created_at DESC, id DESC);

-- Who was asked when the survey opened (active and paused ambassadors then), with their region
-- at that moment, and whether they have answered. For an anonymous survey only the fact of an
-- answer is kept here, never when or what.
CREATE TABLE ambassador_survey_invitations (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  survey_id uuid NOT NULL REFERENCES ambassador_surveys(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  region_id uuid REFERENCES regions(id) ON DELETE SET NULL,
  -- the ambassador's state when invited: active or paused
  state text NOT NULL CHECK (state IN ('active', 'paused')),
  emailed boolean NOT NULL DEFAULT false,
  invited_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  responded boolean NOT NULL DEFAULT false,
  PRIMARY KEY (survey_id, user_id)
);
CREATE INDEX ambassador_survey_invitations_user_idx ON ambassador_survey_invitations (user_id);

-- One member's answers to one survey. `user_id` is null on an anonymous survey, whose answers
-- keep the day only (not the moment) so they cannot be matched to an invitation by time.
CREATE TABLE ambassador_survey_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  survey_id uuid NOT NULL REFERENCES ambassador_surveys(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  region_id uuid REFERENCES regions(id) ON DELETE SET NULL,
  -- question id -> the answer (a number, an option or a text)
  answers jsonb NOT NULL,
  -- question id -> { label, score, comparative } for each free-text answer
  sentiments jsonb NOT NULL DEFAULT '{}',
  nps integer CHECK (nps BETWEEN 0 AND 10),
  submitted_at timestamptz NOT NULL
);
CREATE INDEX ambassador_survey_responses_survey_idx ON ambassador_survey_responses (survey_id);
CREATE UNIQUE INDEX ambassador_survey_responses_once_idx ON ambassador_survey_responses (survey_id, user_id)
  WHERE user_id IS NOT NULL;
CREATE INDEX ambassador_survey_responses_user_idx ON ambassador_survey_responses (user_id)
  WHERE user_id IS NOT NULL;

-- What the program changed and why, newest first, optionally pointing at surveys behind it.
CREATE TABLE ambassador_iterations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  title text NOT NULL,
  change text NOT NULL,
  survey_ids uuid[] NOT NULL DEFAULT '{}',
  happened_on date NOT NULL,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
);
CREATE INDEX ambassador_iterations_program_idx ON ambassador_iterations (program_id, happened_on DESC, created_at DESC);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ambassador_surveys', 'ambassador_survey_invitations',
    'ambassador_survey_responses', 'ambassador_iterations']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Answers are kept as given; the log is a history. Surveys are closed, not deleted.
REVOKE UPDATE, DELETE ON ambassador_survey_responses, ambassador_iterations FROM guild_app;
REVOKE DELETE ON ambassador_surveys, ambassador_survey_invitations FROM guild_app;
