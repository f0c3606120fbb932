-- Erasure, retention and the age gate (docs/PRIVACY.md).

-- Records the application may never change (signatures, survey answers, pipeline history) still
-- hold a member's IP address, user agent and free text. Erasure blanks exactly those parts,
-- for one member of the current tenant, through this function and nothing else.
CREATE FUNCTION guild_erase_member_records(member uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  tenant uuid := guild_current_tenant();
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'guild_erase_member_records needs a tenant';
  END IF;
  UPDATE ambassador_agreement_signatures s SET ip = NULL, user_agent = NULL
    FROM ambassadors a
    WHERE s.ambassador_id = a.id AND a.user_id = member AND s.tenant_id = tenant;
  -- Free-text answers (those with a sentiment) are emptied; numbers and options stay, so the
  -- survey's results keep their counts. The answer is no longer linked to the member.
  UPDATE ambassador_survey_responses r SET
    answers = r.answers || COALESCE(
      (SELECT jsonb_object_agg(key, '') FROM jsonb_object_keys(r.sentiments) AS key), '{}'),
    user_id = NULL
    WHERE r.user_id = member AND r.tenant_id = tenant;
  UPDATE ambassador_transitions t SET reason = NULL
    FROM ambassadors a
    WHERE t.ambassador_id = a.id AND a.user_id = member AND t.actor_kind = 'member'
      AND t.tenant_id = tenant;
END
$$;
REVOKE ALL ON FUNCTION guild_erase_member_records(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guild_erase_member_records(uuid) TO guild_app;

-- Each erasure: who asked, what was done (counts per step), when. Kept as the proof of erasure;
-- it names the member only by their (now pseudonymous) id.
CREATE TABLE erasures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  request_id uuid,
  erased_by uuid REFERENCES users(id) ON DELETE SET NULL,
  steps jsonb NOT NULL,
  erased_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  UNIQUE (tenant_id, user_id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['erasures'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
REVOKE UPDATE, DELETE ON erasures FROM guild_app;
