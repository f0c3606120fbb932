-- Password resets (single-use, short-lived links) and the outbox of e-mails Guild sends.
-- Mail is written here in the same transaction as what caused it; delivery reads the outbox.

CREATE TABLE password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at);

CREATE TABLE outbound_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  to_address text NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbound_emails_pending_idx ON outbound_emails (created_at) WHERE sent_at IS NULL;

ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON password_resets
  USING (tenant_id = guild_current_tenant()) WITH CHECK (tenant_id = guild_current_tenant());
ALTER TABLE outbound_emails ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbound_emails
  USING (tenant_id = guild_current_tenant()) WITH CHECK (tenant_id = guild_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON password_resets, outbound_emails TO guild_app;
