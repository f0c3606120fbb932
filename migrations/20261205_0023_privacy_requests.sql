-- Data-subject requests (COMPLIANCE.md PRV-04) and the exports that answer access requests
-- (PRV-05). A request keeps its regime's clock: GDPR one calendar month from receipt
-- (extendable once by two months, with notice before the first due date); CCPA an
-- acknowledgement within 10 business days and an answer within 45 days (extendable once by 45).
-- The dates are computed in src/privacy/requests/clocks.ts and stored, so the board sorts and
-- filters on them.

CREATE TABLE privacy_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- the data subject; kept as null once their account is gone, so the record of the request
  -- (and of how it was answered) outlives the data it was about
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  regime text NOT NULL CHECK (regime IN ('gdpr', 'ccpa')),
  kind text NOT NULL CHECK (kind IN ('access', 'portability', 'erasure', 'rectification',
    'objection', 'restriction', 'know', 'delete', 'correct')),
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'acknowledged', 'in_progress', 'completed', 'refused')),
  channel text NOT NULL
    CHECK (channel IN ('privacy_centre', 'email', 'phone', 'post', 'in_person', 'other')),
  note text,
  received_at timestamptz NOT NULL,
  logged_by uuid REFERENCES users(id) ON DELETE SET NULL,
  -- the clock: the first due date, the one in force (later once extended), and for CCPA the
  -- acknowledgement's
  first_due_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  ack_due_at timestamptz,
  acknowledged_at timestamptz,
  extended_at timestamptz,
  extension_notice_at timestamptz,
  extension_reason text,
  identity_verified_at timestamptz,
  identity_method text,
  identity_verified_by uuid REFERENCES users(id) ON DELETE SET NULL,
  refusal_reason text,
  closed_at timestamptz,
  closed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (due_at >= first_due_at),
  CHECK ((regime = 'ccpa') = (ack_due_at IS NOT NULL)),
  CHECK ((extended_at IS NULL) = (extension_notice_at IS NULL)),
  CHECK ((status = 'refused') = (refusal_reason IS NOT NULL)),
  CHECK ((status IN ('completed', 'refused')) = (closed_at IS NOT NULL))
);
CREATE INDEX privacy_requests_due_idx ON privacy_requests (tenant_id, due_at, id);
CREATE INDEX privacy_requests_user_idx ON privacy_requests (user_id, received_at DESC);
CREATE INDEX privacy_requests_open_idx ON privacy_requests (due_at)
  WHERE status IN ('received', 'acknowledged', 'in_progress');

-- Which regime a member's requests follow when their region does not decide it.
CREATE TABLE privacy_request_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  default_regime text NOT NULL CHECK (default_regime IN ('gdpr', 'ccpa')),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Warnings to admins, one per request, kind and due date: a second sweeper, or the same one
-- run again, finds the row and writes nothing; an extension moves the due date and so allows
-- a new warning.
CREATE TABLE privacy_request_reminders (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  request_id uuid NOT NULL REFERENCES privacy_requests(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('ack_due', 'due_soon', 'overdue')),
  due_at timestamptz NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, kind, due_at)
);

-- The archive answering an access request: a zip of JSON and CSV files, kept for a few days.
CREATE TABLE privacy_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  request_id uuid NOT NULL REFERENCES privacy_requests(id) ON DELETE CASCADE,
  -- the archive is the member's data: it goes with their account
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  archive bytea NOT NULL,
  sha256 text NOT NULL,
  bytes integer NOT NULL,
  -- [{file, rows}] as in the archive's manifest.json
  files jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  downloads integer NOT NULL DEFAULT 0
);
CREATE INDEX privacy_exports_user_idx ON privacy_exports (user_id, created_at DESC);
CREATE INDEX privacy_exports_request_idx ON privacy_exports (request_id);
CREATE INDEX privacy_exports_expiry_idx ON privacy_exports (expires_at);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['privacy_requests', 'privacy_request_settings',
    'privacy_request_reminders', 'privacy_exports']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- A request is closed, never deleted, by the application; reminders are written once; only
-- expired archives are deleted (by the sweeper), and an archive changes only its count of
-- downloads.
REVOKE DELETE ON privacy_requests, privacy_request_settings FROM guild_app;
REVOKE UPDATE, DELETE ON privacy_request_reminders FROM guild_app;
REVOKE UPDATE ON privacy_exports FROM guild_app;
GRANT UPDATE (downloads) ON privacy_exports TO guild_app;
