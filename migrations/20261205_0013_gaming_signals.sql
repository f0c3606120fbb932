-- Gaming signals (docs/gamification-signals.md): farming patterns found in activity events and
-- the ledger, the members each one involves, and the risk flag raised for each of them.
--
-- A finding is open until a manager clears it. Its fingerprint (the pattern's kind and the
-- members involved) lets a later detection run update an open finding instead of adding a
-- second one; a cleared finding is raised again only for activity after it was cleared.

CREATE TABLE gaming_findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('post_delete_loop', 'reaction_toggling', 'reaction_ring')),
  fingerprint text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cleared')),
  -- counts that make the case (loops, toggles, internal reactions, points moved)
  evidence jsonb NOT NULL DEFAULT '{}',
  summary text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  -- times that order paged lists are kept to whole milliseconds (see migration 0006)
  detected_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  cleared_at timestamptz,
  cleared_by uuid REFERENCES users(id) ON DELETE SET NULL,
  clear_note text,
  CHECK ((status = 'cleared') = (cleared_at IS NOT NULL)),
  CHECK (last_seen_at >= first_seen_at)
);
CREATE UNIQUE INDEX gaming_findings_open_idx ON gaming_findings (tenant_id, kind, fingerprint)
  WHERE status = 'open';
CREATE INDEX gaming_findings_listing_idx ON gaming_findings (tenant_id, detected_at DESC, id DESC);

-- The members of a finding: who farmed (`member`) and, for toggling, whose items were toggled
-- on (`beneficiary`, listed but not flagged: they may not have asked for it).
CREATE TABLE gaming_finding_members (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  finding_id uuid NOT NULL REFERENCES gaming_findings(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('member', 'beneficiary')),
  -- the member_risk_flags row raised for this member (members only)
  risk_flag_id uuid REFERENCES member_risk_flags(id) ON DELETE SET NULL,
  cleared_at timestamptz,
  cleared_by uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (finding_id, user_id)
);
CREATE INDEX gaming_finding_members_user_idx ON gaming_finding_members (user_id)
  WHERE cleared_at IS NULL;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['gaming_findings', 'gaming_finding_members']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Findings are cleared, never deleted.
GRANT SELECT, INSERT, UPDATE ON gaming_findings, gaming_finding_members TO guild_app;
