-- An audit item counts towards the precision of automatic decisions only once a moderator
-- has given a verdict. An audit closed without one (its author was erased, say) is not an
-- audit: it counted as audited with a verdict of NULL, which made the confirmed share NULL and
-- the rollup row refuse it. The live rollup and the rebuild now agree with the raw figures.
CREATE OR REPLACE FUNCTION guild_analytics_review(r review_items, sign integer) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  checked moderation_checks;
BEGIN
  IF r.status <> 'resolved' THEN
    RETURN;
  END IF;
  IF r.resolved_by IS NOT NULL AND r.resolved_at IS NOT NULL THEN
    PERFORM guild_analytics_moderation_add(r.tenant_id, r.author_id, r.resolved_at, 0, 0, 0,
      sign, 0, 0);
  END IF;
  IF r.kind = 'audit' AND r.check_id IS NOT NULL AND r.decision IS NOT NULL THEN
    SELECT * INTO checked FROM moderation_checks WHERE id = r.check_id;
    IF FOUND THEN
      PERFORM guild_analytics_moderation_add(r.tenant_id, checked.author_id, checked.created_at,
        0, 0, 0, 0, sign,
        sign * coalesce((checked.final_decision = 'allow' AND r.decision = 'approve')
                        OR (checked.final_decision = 'reject' AND r.decision = 'reject'),
                        false)::integer);
    END IF;
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION guild_analytics_rebuild_moderation(p_tenant uuid) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  all_key constant uuid := '00000000-0000-0000-0000-000000000000';
BEGIN
  DELETE FROM analytics_moderation_months WHERE tenant_id = p_tenant;
  INSERT INTO analytics_moderation_months (tenant_id, month, region_key, segment_key, shard,
      items, automatic, human, human_reviews, audited, audit_confirmed)
    SELECT p_tenant, f.month, r.key, s.key, f.shard, sum(f.items), sum(f.automatic),
        sum(f.human), sum(f.reviews), sum(f.audited), sum(f.confirmed)
      FROM (
        SELECT date_trunc('month', c.created_at AT TIME ZONE 'UTC')::date AS month, c.author_id,
            abs(hashtext(coalesce(c.author_id::text, c.created_at::text))) % 16 AS shard,
            1 AS items, (c.final_decision IS NOT NULL AND c.decided_by IS NULL)::integer AS automatic,
            (c.decided_by IS NOT NULL)::integer AS human, 0 AS reviews, 0 AS audited,
            0 AS confirmed
          FROM moderation_checks c WHERE c.tenant_id = p_tenant
        UNION ALL
        SELECT date_trunc('month', r.resolved_at AT TIME ZONE 'UTC')::date, r.author_id,
            abs(hashtext(coalesce(r.author_id::text, r.resolved_at::text))) % 16,
            0, 0, 0, 1, 0, 0
          FROM review_items r
         WHERE r.tenant_id = p_tenant AND r.status = 'resolved' AND r.resolved_by IS NOT NULL
           AND r.resolved_at IS NOT NULL
        UNION ALL
        SELECT date_trunc('month', c.created_at AT TIME ZONE 'UTC')::date, c.author_id,
            abs(hashtext(coalesce(c.author_id::text, c.created_at::text))) % 16,
            0, 0, 0, 0, 1,
            coalesce((c.final_decision = 'allow' AND r.decision = 'approve')
                     OR (c.final_decision = 'reject' AND r.decision = 'reject'), false)::integer
          FROM review_items r JOIN moderation_checks c ON c.id = r.check_id
         WHERE r.tenant_id = p_tenant AND r.kind = 'audit' AND r.status = 'resolved'
           AND r.decision IS NOT NULL
      ) f
      LEFT JOIN users u ON u.id = f.author_id
      LEFT JOIN guild_analytics_member_segments(p_tenant) g ON g.user_id = u.id
      CROSS JOIN LATERAL unnest(CASE WHEN u.region_id IS NULL THEN ARRAY[all_key]
                                     ELSE ARRAY[all_key, u.region_id] END) AS r(key)
      CROSS JOIN LATERAL unnest(ARRAY[all_key] || coalesce(g.segment_ids, '{}')) AS s(key)
     GROUP BY f.month, r.key, s.key, f.shard;
END
$$;
