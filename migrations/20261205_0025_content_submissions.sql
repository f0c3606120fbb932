-- Ambassador content submissions and their approval (docs/CONTENT.md): uploaded images kept in
-- the database, submissions with immutable versions and the pre-check's findings, decisions,
-- each program's review deadline (SLA), usage rights per approved asset with their reminders,
-- and the uses recorded against those rights.

-- An image an ambassador uploaded, under a server-made id. The bytes are kept as received; the
-- type is the one detected from them, never the name or the type the client claimed.
CREATE TABLE content_uploads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  media_type text NOT NULL
    CHECK (media_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  byte_size integer NOT NULL CHECK (byte_size > 0),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  sha256 text NOT NULL,
  -- the client's file name, cleaned, for display only: never part of a path
  display_name text NOT NULL DEFAULT '',
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
);
CREATE INDEX content_uploads_owner_idx ON content_uploads (owner_id, created_at DESC);

-- Per program: how long reviewers have to decide a version, when managers are warned, what
-- happens when the deadline passes, and when usage-rights reminders go out.
CREATE TABLE content_program_settings (
  program_id uuid PRIMARY KEY REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  sla_hours integer NOT NULL DEFAULT 48 CHECK (sla_hours BETWEEN 1 AND 720),
  escalate_at_percent integer NOT NULL DEFAULT 75 CHECK (escalate_at_percent BETWEEN 1 AND 100),
  breach_action text NOT NULL DEFAULT 'senior' CHECK (breach_action IN ('senior', 'flag')),
  auto_decision text NOT NULL DEFAULT 'off' CHECK (auto_decision IN ('off', 'approve_if_clean')),
  rights_reminder_days integer[] NOT NULL DEFAULT '{14,3}',
  -- the program's brand rules: {bannedPhrases?, competitors?, bannedClaims?}
  brand_rules jsonb NOT NULL DEFAULT '{}',
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A submission: what it answers, where it stands and its current version. The first final
-- decision (approve or reject) is kept apart for the content approval time.
CREATE TABLE content_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  mission_id uuid REFERENCES ambassador_missions(id) ON DELETE SET NULL,
  assignment_id uuid REFERENCES ambassador_assignments(id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'in_review'
    CHECK (status IN ('in_review', 'changes_requested', 'approved', 'rejected')),
  current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  first_submitted_at timestamptz NOT NULL,
  -- the current version's review clock
  version_submitted_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  escalated_version integer,
  breached_version integer,
  review_item_id uuid REFERENCES review_items(id) ON DELETE SET NULL,
  first_decision text CHECK (first_decision IN ('approve', 'reject')),
  first_decided_at timestamptz,
  first_decision_automatic boolean,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  -- what became of the mission it answers when approved: paid, or why not
  mission_outcome text,
  mission_submission_id uuid REFERENCES ambassador_submissions(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((first_decision IS NULL) = (first_decided_at IS NULL)),
  CHECK (first_decided_at IS NULL OR first_decided_at >= first_submitted_at)
);
CREATE INDEX content_submissions_author_idx
  ON content_submissions (author_id, created_at DESC, id DESC);
CREATE INDEX content_submissions_due_idx ON content_submissions (tenant_id, due_at)
  WHERE status = 'in_review';
CREATE INDEX content_submissions_decided_idx
  ON content_submissions (tenant_id, first_decided_at) WHERE first_decided_at IS NOT NULL;

-- One version as the ambassador sent it, with the pre-check's findings; never changed.
CREATE TABLE content_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  submission_id uuid NOT NULL REFERENCES content_submissions(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  title text,
  body text NOT NULL,
  links text[] NOT NULL DEFAULT '{}',
  -- [{kind: image|video, uploadId?, altText?, durationSeconds?, onScreenLabel?, spokenLabel?}]
  media jsonb NOT NULL DEFAULT '[]',
  platforms text[] NOT NULL CHECK (cardinality(platforms) > 0),
  market text NOT NULL,
  declared_paid boolean NOT NULL DEFAULT false,
  -- [{id, source, ruleId, severity, message, spans: [{start, end, text}]}]
  findings jsonb NOT NULL DEFAULT '[]',
  hint text NOT NULL CHECK (hint IN ('clean', 'warn', 'block')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  UNIQUE (submission_id, version)
);

-- Each decision on a version, by a reviewer or by the deadline rule (automatic).
CREATE TABLE content_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  submission_id uuid NOT NULL REFERENCES content_submissions(id) ON DELETE CASCADE,
  version integer NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approve', 'reject', 'request_changes')),
  reason_code text,
  note text,
  -- request_changes: [{findingId, note}]
  changes jsonb NOT NULL DEFAULT '[]',
  automatic boolean NOT NULL DEFAULT false,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  UNIQUE (submission_id, version)
);

-- The rights to use an approved submission (or one image of it): where, when, whether paid.
CREATE TABLE content_rights (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  submission_id uuid NOT NULL REFERENCES content_submissions(id) ON DELETE CASCADE,
  upload_id uuid REFERENCES content_uploads(id) ON DELETE SET NULL,
  channels text[] NOT NULL CHECK (cardinality(channels) > 0),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  paid_use boolean NOT NULL DEFAULT false,
  fee_note text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  expired_at timestamptz,
  CHECK (ends_at > starts_at)
);
CREATE INDEX content_rights_submission_idx ON content_rights (submission_id, created_at DESC);
CREATE INDEX content_rights_ending_idx ON content_rights (ends_at) WHERE expired_at IS NULL;

-- A reminder that rights end soon, once per rights and round (days before the end).
CREATE TABLE content_rights_reminders (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  rights_id uuid NOT NULL REFERENCES content_rights(id) ON DELETE CASCADE,
  days_before integer NOT NULL CHECK (days_before >= 1),
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rights_id, days_before)
);

-- A use of an asset the brand recorded, inside its rights.
CREATE TABLE content_uses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  rights_id uuid NOT NULL REFERENCES content_rights(id) ON DELETE CASCADE,
  channel text NOT NULL,
  paid boolean NOT NULL,
  used_on date NOT NULL,
  recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
);
CREATE INDEX content_uses_rights_idx ON content_uses (rights_id, used_on);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['content_uploads', 'content_program_settings', 'content_submissions',
    'content_versions', 'content_decisions', 'content_rights', 'content_rights_reminders',
    'content_uses']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Uploads, versions, decisions, reminders and uses, once written, never change; submissions
-- and rights change in place but are never deleted (erasure works as the table owner).
REVOKE UPDATE, DELETE, TRUNCATE ON content_uploads, content_versions, content_decisions,
  content_rights_reminders, content_uses FROM guild_app;
REVOKE DELETE, TRUNCATE ON content_submissions, content_rights, content_program_settings
  FROM guild_app;
