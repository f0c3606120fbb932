-- E-mail verification: single-use links that prove a member controls the address on their
-- account. Each link names the address it was sent to, so a link issued before an e-mail
-- change can never verify the new address.

CREATE TABLE email_verifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  email text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX email_verifications_user_idx ON email_verifications (user_id, created_at);

ALTER TABLE email_verifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON email_verifications
  USING (tenant_id = guild_current_tenant()) WITH CHECK (tenant_id = guild_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON email_verifications TO guild_app;
