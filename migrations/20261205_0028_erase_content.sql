-- Erasure reaches ambassador content (migration 0025), whose versions, uploads and decisions
-- the application may never change: the member's own versions lose their text, links, media
-- and findings (the findings quote the text), their uploaded images are deleted, and reviewers'
-- notes on their submissions are emptied. Everything 0024's function did, it still does.
CREATE OR REPLACE FUNCTION guild_erase_member_records(member uuid) RETURNS void
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
  UPDATE ambassador_survey_responses r SET
    answers = r.answers || COALESCE(
      (SELECT jsonb_object_agg(key, '') FROM jsonb_object_keys(r.sentiments) AS key), '{}'),
    user_id = NULL
    WHERE r.user_id = member AND r.tenant_id = tenant;
  UPDATE ambassador_transitions t SET reason = NULL
    FROM ambassadors a
    WHERE t.ambassador_id = a.id AND a.user_id = member AND t.actor_kind = 'member'
      AND t.tenant_id = tenant;
  UPDATE content_versions v SET title = NULL, body = '', links = '{}', media = '[]',
      findings = '[]'
    FROM content_submissions s
    WHERE v.submission_id = s.id AND s.author_id = member AND v.tenant_id = tenant;
  UPDATE content_decisions d SET note = NULL, changes = '[]'
    FROM content_submissions s
    WHERE d.submission_id = s.id AND s.author_id = member AND d.tenant_id = tenant;
  DELETE FROM content_uploads WHERE owner_id = member AND tenant_id = tenant;
END
$$;
REVOKE ALL ON FUNCTION guild_erase_member_records(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guild_erase_member_records(uuid) TO guild_app;
