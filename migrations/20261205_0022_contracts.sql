-- Ambassador contracts (docs/CONTRACTS.md): templates per program and market with their
-- versions, the contracts offered to ambassadors and signed by click-through, and the expiry
-- reminders sent (each one once).

-- A program's contract template. Its text lives in versions; `current_version` is the one
-- offered now. draft → published → retired; never deleted.
CREATE TABLE contract_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
  current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  retired_at timestamptz
);
CREATE INDEX contract_templates_program_idx
  ON contract_templates (program_id, created_at DESC, id DESC);

-- One version of a template's text, kept as written: every edit writes the next version, so a
-- signed contract always points at the exact words signed.
CREATE TABLE contract_template_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES contract_templates(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL,
  -- Markdown; each required clause under a heading tagged {#CON-NN}
  body text NOT NULL,
  body_sha256 text NOT NULL,
  -- region codes the template is for; all_markets: every market, members without a region too
  markets text[] NOT NULL DEFAULT '{}',
  all_markets boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  UNIQUE (template_id, version),
  CHECK (all_markets OR cardinality(markets) > 0)
);

-- A contract offered to one ambassador on one template version, for a start and end.
-- offered → signed → expired | terminated; offered → withdrawn | expired.
CREATE TABLE ambassador_contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  ambassador_id uuid NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES contract_templates(id),
  version_id uuid NOT NULL REFERENCES contract_template_versions(id),
  status text NOT NULL DEFAULT 'offered'
    CHECK (status IN ('offered', 'signed', 'withdrawn', 'terminated', 'expired')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  offered_by uuid REFERENCES users(id) ON DELETE SET NULL,
  offered_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  -- the click-through signature: who, which text (its hash), when, from where
  signed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  signed_at timestamptz,
  signed_version integer,
  signed_sha256 text,
  signed_ip text,
  signed_user_agent text,
  -- withdrawn or terminated by a manager, with why
  ended_by uuid REFERENCES users(id) ON DELETE SET NULL,
  ended_at timestamptz,
  end_reason text,
  CHECK (ends_at > starts_at),
  -- signed and terminated contracts carry a signature, offered and withdrawn ones none; an
  -- expired one may have either (it ran out signed, or was never signed)
  CHECK (status NOT IN ('signed', 'terminated') OR signed_at IS NOT NULL),
  CHECK (status NOT IN ('offered', 'withdrawn') OR signed_at IS NULL),
  CHECK ((status IN ('withdrawn', 'terminated')) = (end_reason IS NOT NULL))
);
CREATE INDEX ambassador_contracts_user_idx ON ambassador_contracts (user_id, offered_at DESC);
CREATE INDEX ambassador_contracts_list_idx
  ON ambassador_contracts (offered_at DESC, id DESC);
CREATE INDEX ambassador_contracts_ending_idx ON ambassador_contracts (ends_at)
  WHERE status IN ('offered', 'signed');

-- A reminder that a contract ends soon, one per contract and round (days before its end).
-- Written before the e-mails, in the same transaction: a sweep run again sends nothing twice.
CREATE TABLE contract_reminders (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  contract_id uuid NOT NULL REFERENCES ambassador_contracts(id) ON DELETE CASCADE,
  days_before integer NOT NULL CHECK (days_before >= 1),
  emailed boolean NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, days_before)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contract_templates', 'contract_template_versions',
    'ambassador_contracts', 'contract_reminders']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Templates are retired and contracts end in a status, never deleted; a version's text and a
-- reminder, once written, never change.
REVOKE DELETE ON contract_templates, ambassador_contracts FROM guild_app;
REVOKE UPDATE, DELETE, TRUNCATE ON contract_template_versions, contract_reminders FROM guild_app;
REVOKE TRUNCATE ON contract_templates, ambassador_contracts FROM guild_app;
