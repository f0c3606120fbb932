-- Analytics rollups (docs/ANALYTICS.md): kept current by triggers as activity is recorded and
-- withdrawn and as members join, move region or segment, and are removed, so the dashboards
-- read a few hundred counter rows instead of every event.
--
--   analytics_member_days   one row per member and local day: visits and contributions by kind
--   analytics_member_months one row per member and month: the month's totals, with the region
--                           and segments the member had when first seen that month
--   analytics_month_counts  per month, region and segment (the zero uuid stands for "all"),
--                           spread over 16 shards so concurrent writers rarely wait on a row
--
-- A contribution is a published post or comment, a reaction given, an accepted answer or a
-- completed challenge step (PRODUCT.md, engagement rate). Days are the member's local days, as
-- for streaks; a reaction counts on the reacting member's day.

ALTER TABLE users ADD COLUMN removed_at timestamptz;
UPDATE users SET removed_at = updated_at WHERE status <> 'active';

CREATE TABLE analytics_member_days (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  day date NOT NULL,
  -- no foreign key: a rebuild writes millions of rows, and members are never deleted
  -- (erasure keeps the pseudonymised account)
  user_id uuid NOT NULL,
  visits integer NOT NULL DEFAULT 0,
  posts integer NOT NULL DEFAULT 0,
  comments integer NOT NULL DEFAULT 0,
  reactions integer NOT NULL DEFAULT 0,
  answers integer NOT NULL DEFAULT 0,
  challenge_steps integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day, user_id)
);
CREATE INDEX analytics_member_days_user_idx ON analytics_member_days (user_id);

CREATE TABLE analytics_member_months (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  month date NOT NULL,
  user_id uuid NOT NULL,
  region_id uuid,
  segment_ids uuid[] NOT NULL DEFAULT '{}',
  contributions integer NOT NULL DEFAULT 0,
  -- posts and comments only: what makes a "contributor"
  authored integer NOT NULL DEFAULT 0,
  active_days integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, month, user_id)
);
CREATE INDEX analytics_member_months_user_idx ON analytics_member_months (user_id);

CREATE TABLE analytics_month_counts (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  month date NOT NULL,
  region_key uuid NOT NULL,
  segment_key uuid NOT NULL,
  shard smallint NOT NULL,
  engaged integer NOT NULL DEFAULT 0,
  contributors integer NOT NULL DEFAULT 0,
  monthly_active integer NOT NULL DEFAULT 0,
  active_member_days bigint NOT NULL DEFAULT 0,
  posts bigint NOT NULL DEFAULT 0,
  comments bigint NOT NULL DEFAULT 0,
  reactions bigint NOT NULL DEFAULT 0,
  answers bigint NOT NULL DEFAULT 0,
  challenge_steps bigint NOT NULL DEFAULT 0,
  joined integer NOT NULL DEFAULT 0,
  removed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, month, region_key, segment_key, shard)
);

-- Adds to the month's counters under every key the member falls in: all regions and their
-- region, times all segments and each of their segments (or only their segments).
CREATE FUNCTION guild_analytics_add(
  p_tenant uuid, p_user uuid, p_month date, p_region uuid, p_segments uuid[],
  p_only_segments boolean,
  d_engaged integer, d_contributors integer, d_monthly integer, d_day_active integer,
  d_posts integer, d_comments integer, d_reactions integer, d_answers integer, d_steps integer,
  d_joined integer, d_removed integer
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  all_key constant uuid := '00000000-0000-0000-0000-000000000000';
BEGIN
  IF d_engaged = 0 AND d_contributors = 0 AND d_monthly = 0 AND d_day_active = 0
     AND d_posts = 0 AND d_comments = 0 AND d_reactions = 0 AND d_answers = 0 AND d_steps = 0
     AND d_joined = 0 AND d_removed = 0 THEN
    RETURN;
  END IF;
  INSERT INTO analytics_month_counts AS c (tenant_id, month, region_key, segment_key, shard,
      engaged, contributors, monthly_active, active_member_days, posts, comments, reactions,
      answers, challenge_steps, joined, removed)
    SELECT p_tenant, p_month, r.key, s.key, abs(hashtext(p_user::text)) % 16,
        d_engaged, d_contributors, d_monthly, d_day_active, d_posts, d_comments, d_reactions,
        d_answers, d_steps, d_joined, d_removed
      FROM unnest(CASE WHEN p_region IS NULL THEN ARRAY[all_key] ELSE ARRAY[all_key, p_region] END)
             AS r(key)
      CROSS JOIN unnest(CASE WHEN p_only_segments THEN coalesce(p_segments, '{}')
                             ELSE ARRAY[all_key] || coalesce(p_segments, '{}') END) AS s(key)
  ON CONFLICT (tenant_id, month, region_key, segment_key, shard) DO UPDATE SET
    engaged = c.engaged + excluded.engaged,
    contributors = c.contributors + excluded.contributors,
    monthly_active = c.monthly_active + excluded.monthly_active,
    active_member_days = c.active_member_days + excluded.active_member_days,
    posts = c.posts + excluded.posts,
    comments = c.comments + excluded.comments,
    reactions = c.reactions + excluded.reactions,
    answers = c.answers + excluded.answers,
    challenge_steps = c.challenge_steps + excluded.challenge_steps,
    joined = c.joined + excluded.joined,
    removed = c.removed + excluded.removed;
END
$$;

CREATE FUNCTION guild_analytics_segments_of(member uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(ARRAY(SELECT segment_id FROM user_segments WHERE user_id = member
                        ORDER BY segment_id), '{}')
$$;

-- Counts one member's visits and contributions of a day (negative to take them back).
CREATE FUNCTION guild_analytics_touch(
  p_tenant uuid, p_user uuid, p_day date, d_visits integer, d_posts integer,
  d_comments integer, d_reactions integer, d_answers integer, d_steps integer
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_month date := date_trunc('month', p_day)::date;
  d_contrib integer := d_posts + d_comments + d_reactions + d_answers + d_steps;
  d_authored integer := d_posts + d_comments;
  day_total integer;
  d_day_active integer;
  m_contrib integer;
  m_authored integer;
  m_days integer;
  v_region uuid;
  v_segments uuid[];
BEGIN
  INSERT INTO analytics_member_days AS d (tenant_id, day, user_id, visits, posts, comments,
      reactions, answers, challenge_steps)
    VALUES (p_tenant, p_day, p_user, d_visits, d_posts, d_comments, d_reactions, d_answers,
      d_steps)
  ON CONFLICT (tenant_id, day, user_id) DO UPDATE SET
    visits = d.visits + excluded.visits,
    posts = d.posts + excluded.posts,
    comments = d.comments + excluded.comments,
    reactions = d.reactions + excluded.reactions,
    answers = d.answers + excluded.answers,
    challenge_steps = d.challenge_steps + excluded.challenge_steps
  RETURNING d.visits + d.posts + d.comments + d.reactions + d.answers + d.challenge_steps
    INTO day_total;
  d_day_active := (day_total > 0)::integer - (day_total - d_visits - d_contrib > 0)::integer;

  UPDATE analytics_member_months m SET
      contributions = m.contributions + d_contrib,
      authored = m.authored + d_authored,
      active_days = m.active_days + d_day_active
    WHERE m.tenant_id = p_tenant AND m.month = v_month AND m.user_id = p_user
    RETURNING m.contributions, m.authored, m.active_days, m.region_id, m.segment_ids
      INTO m_contrib, m_authored, m_days, v_region, v_segments;
  IF NOT FOUND THEN
    -- first seen this month: the month keeps the region and segments the member has now
    SELECT u.region_id, guild_analytics_segments_of(u.id) INTO v_region, v_segments
      FROM users u WHERE u.id = p_user;
    INSERT INTO analytics_member_months AS m (tenant_id, month, user_id, region_id, segment_ids,
        contributions, authored, active_days)
      VALUES (p_tenant, v_month, p_user, v_region, coalesce(v_segments, '{}'), d_contrib,
        d_authored, d_day_active)
    ON CONFLICT (tenant_id, month, user_id) DO UPDATE SET
      contributions = m.contributions + excluded.contributions,
      authored = m.authored + excluded.authored,
      active_days = m.active_days + excluded.active_days
    RETURNING m.contributions, m.authored, m.active_days, m.region_id, m.segment_ids
      INTO m_contrib, m_authored, m_days, v_region, v_segments;
  END IF;

  PERFORM guild_analytics_add(p_tenant, p_user, v_month, v_region, v_segments, false,
    (m_contrib > 0)::integer - (m_contrib - d_contrib > 0)::integer,
    (m_authored > 0)::integer - (m_authored - d_authored > 0)::integer,
    (m_days > 0)::integer - (m_days - d_day_active > 0)::integer,
    d_day_active, d_posts, d_comments, d_reactions, d_answers, d_steps, 0, 0);
END
$$;

-- The member an activity event counts for, and on which of their days.
CREATE FUNCTION guild_analytics_event(e activity_events, sign integer) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  member uuid := CASE WHEN e.kind = 'reaction_received' THEN e.actor_id ELSE e.user_id END;
  local_day date;
BEGIN
  IF member IS NULL THEN
    RETURN;
  END IF;
  local_day := CASE WHEN e.kind = 'reaction_received'
    THEN (e.occurred_at AT TIME ZONE guild_member_timezone(member))::date
    ELSE e.local_day END;
  PERFORM guild_analytics_touch(e.tenant_id, member, local_day,
    sign * (e.kind = 'daily_visit')::integer,
    sign * (e.kind = 'post_published')::integer,
    sign * (e.kind = 'comment_published')::integer,
    sign * (e.kind = 'reaction_received')::integer,
    sign * (e.kind = 'answer_accepted')::integer,
    sign * (e.kind = 'challenge_step')::integer);
END
$$;

CREATE FUNCTION guild_analytics_on_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'recorded' THEN
      PERFORM guild_analytics_event(NEW, 1);
    END IF;
  ELSIF OLD.status = 'recorded' AND NEW.status <> 'recorded' THEN
    PERFORM guild_analytics_event(OLD, -1);
  ELSIF OLD.status <> 'recorded' AND NEW.status = 'recorded' THEN
    PERFORM guild_analytics_event(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER analytics_activity_inserted AFTER INSERT ON activity_events
  FOR EACH ROW
  WHEN (NEW.kind IN ('daily_visit', 'post_published', 'comment_published', 'reaction_received',
                     'answer_accepted', 'challenge_step'))
  EXECUTE FUNCTION guild_analytics_on_activity();
CREATE TRIGGER analytics_activity_status AFTER UPDATE OF status ON activity_events
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
        AND NEW.kind IN ('daily_visit', 'post_published', 'comment_published',
                         'reaction_received', 'answer_accepted', 'challenge_step'))
  EXECUTE FUNCTION guild_analytics_on_activity();

-- Membership: joined in the month of sign-up (the member's local month), removed in the month
-- of suspension or erasure. A change of region, status or sign-up time (a back-dated import)
-- takes the old state's counts back and adds the new state's.
CREATE FUNCTION guild_analytics_membership(u users, sign integer, p_segments uuid[],
  p_only_segments boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text := guild_member_timezone(u.id);
BEGIN
  PERFORM guild_analytics_add(u.tenant_id, u.id,
    date_trunc('month', u.created_at AT TIME ZONE zone)::date, u.region_id, p_segments,
    p_only_segments, 0, 0, 0, 0, 0, 0, 0, 0, 0, sign, 0);
  IF u.removed_at IS NOT NULL THEN
    PERFORM guild_analytics_add(u.tenant_id, u.id,
      date_trunc('month', u.removed_at AT TIME ZONE zone)::date, u.region_id, p_segments,
      p_only_segments, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, sign);
  END IF;
END
$$;

CREATE FUNCTION guild_analytics_stamp_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'active' THEN
    NEW.removed_at := NULL;
  ELSIF OLD.status = 'active' THEN
    NEW.removed_at := now();
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION guild_analytics_on_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM guild_analytics_membership(NEW, 1, '{}', false);
  ELSE
    PERFORM guild_analytics_membership(OLD, -1, guild_analytics_segments_of(OLD.id), false);
    PERFORM guild_analytics_membership(NEW, 1, guild_analytics_segments_of(NEW.id), false);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION guild_analytics_on_segment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member users;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT * INTO member FROM users WHERE id = NEW.user_id;
    IF FOUND THEN
      PERFORM guild_analytics_membership(member, 1, ARRAY[NEW.segment_id], true);
    END IF;
  ELSE
    SELECT * INTO member FROM users WHERE id = OLD.user_id;
    IF FOUND THEN
      PERFORM guild_analytics_membership(member, -1, ARRAY[OLD.segment_id], true);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER analytics_user_removal BEFORE UPDATE OF status ON users
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION guild_analytics_stamp_removal();
CREATE TRIGGER analytics_user_joined AFTER INSERT ON users
  FOR EACH ROW EXECUTE FUNCTION guild_analytics_on_user();
CREATE TRIGGER analytics_user_changed AFTER UPDATE OF status, region_id, created_at ON users
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.region_id IS DISTINCT FROM NEW.region_id
        OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION guild_analytics_on_user();
CREATE TRIGGER analytics_segment_changed AFTER INSERT OR DELETE ON user_segments
  FOR EACH ROW EXECUTE FUNCTION guild_analytics_on_segment();

-- Each member's time zone for a set-based pass: theirs, else their region's, else the
-- tenant's (as guild_member_timezone, without one lookup per row).
CREATE FUNCTION guild_analytics_zones(p_tenant uuid) RETURNS TABLE (user_id uuid, zone text)
  LANGUAGE sql STABLE AS $$
  SELECT u.id, coalesce(u.timezone, r.timezone, t.timezone, 'UTC')
    FROM users u
    JOIN tenants t ON t.id = u.tenant_id
    LEFT JOIN regions r ON r.id = u.region_id
   WHERE u.tenant_id = p_tenant
$$;

-- Each member's segments, for a set-based pass.
CREATE FUNCTION guild_analytics_member_segments(p_tenant uuid)
  RETURNS TABLE (user_id uuid, segment_ids uuid[]) LANGUAGE sql STABLE AS $$
  SELECT s.user_id, array_agg(s.segment_id ORDER BY s.segment_id)
    FROM user_segments s WHERE s.tenant_id = p_tenant GROUP BY s.user_id
$$;

-- Builds a tenant's rollups again from the events and the members, in a few set-based
-- statements: after a bulk load, or to check the triggers (the figures must not change).
CREATE FUNCTION guild_analytics_rebuild(p_tenant uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  all_key constant uuid := '00000000-0000-0000-0000-000000000000';
BEGIN
  DELETE FROM analytics_month_counts WHERE tenant_id = p_tenant;
  DELETE FROM analytics_member_months WHERE tenant_id = p_tenant;
  DELETE FROM analytics_member_days WHERE tenant_id = p_tenant;

  INSERT INTO analytics_member_days (tenant_id, day, user_id, visits, posts, comments,
      reactions, answers, challenge_steps)
    SELECT p_tenant, x.day, x.member,
        count(*) FILTER (WHERE x.kind = 'daily_visit'),
        count(*) FILTER (WHERE x.kind = 'post_published'),
        count(*) FILTER (WHERE x.kind = 'comment_published'),
        count(*) FILTER (WHERE x.kind = 'reaction_received'),
        count(*) FILTER (WHERE x.kind = 'answer_accepted'),
        count(*) FILTER (WHERE x.kind = 'challenge_step')
      FROM (
        SELECT e.kind, e.user_id AS member, e.local_day AS day
          FROM activity_events e
         WHERE e.tenant_id = p_tenant AND e.status = 'recorded'
           AND e.kind IN ('daily_visit', 'post_published', 'comment_published',
                          'answer_accepted', 'challenge_step')
        UNION ALL
        SELECT e.kind, e.actor_id, (e.occurred_at AT TIME ZONE z.zone)::date
          FROM activity_events e
          JOIN guild_analytics_zones(p_tenant) z ON z.user_id = e.actor_id
         WHERE e.tenant_id = p_tenant AND e.status = 'recorded'
           AND e.kind = 'reaction_received'
      ) x
     GROUP BY x.day, x.member;

  INSERT INTO analytics_member_months (tenant_id, month, user_id, region_id, segment_ids,
      contributions, authored, active_days)
    SELECT p_tenant, m.month, m.user_id, u.region_id, coalesce(g.segment_ids, '{}'),
        m.contributions, m.authored, m.active_days
      FROM (
        SELECT date_trunc('month', d.day)::date AS month, d.user_id,
            sum(d.posts + d.comments + d.reactions + d.answers + d.challenge_steps)::integer
              AS contributions,
            sum(d.posts + d.comments)::integer AS authored,
            count(*)::integer AS active_days
          FROM analytics_member_days d
         WHERE d.tenant_id = p_tenant
         GROUP BY 1, 2
      ) m
      JOIN users u ON u.id = m.user_id
      LEFT JOIN guild_analytics_member_segments(p_tenant) g ON g.user_id = u.id;

  INSERT INTO analytics_month_counts (tenant_id, month, region_key, segment_key, shard,
      engaged, contributors, monthly_active, active_member_days, posts, comments, reactions,
      answers, challenge_steps, joined, removed)
    SELECT p_tenant, f.month, r.key, s.key, f.shard,
        sum(f.engaged), sum(f.contributors), sum(f.monthly_active), sum(f.active_days),
        sum(f.posts), sum(f.comments), sum(f.reactions), sum(f.answers), sum(f.steps),
        sum(f.joined), sum(f.removed)
      FROM (
        -- the months' activity, one row per member and month
        SELECT m.month, m.region_id, m.segment_ids, abs(hashtext(m.user_id::text)) % 16 AS shard,
            (m.contributions > 0)::integer AS engaged, (m.authored > 0)::integer AS contributors,
            (m.active_days > 0)::integer AS monthly_active, m.active_days,
            t.posts, t.comments, t.reactions, t.answers, t.steps, 0 AS joined, 0 AS removed
          FROM analytics_member_months m
          JOIN (
            SELECT date_trunc('month', day)::date AS month, user_id, sum(posts) AS posts,
                sum(comments) AS comments, sum(reactions) AS reactions, sum(answers) AS answers,
                sum(challenge_steps) AS steps
              FROM analytics_member_days WHERE tenant_id = p_tenant GROUP BY 1, 2
          ) t ON t.month = m.month AND t.user_id = m.user_id
         WHERE m.tenant_id = p_tenant
        UNION ALL
        -- sign-ups
        SELECT date_trunc('month', u.created_at AT TIME ZONE z.zone)::date,
            u.region_id, coalesce(g.segment_ids, '{}'), abs(hashtext(u.id::text)) % 16,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0
          FROM users u
          JOIN guild_analytics_zones(p_tenant) z ON z.user_id = u.id
          LEFT JOIN guild_analytics_member_segments(p_tenant) g ON g.user_id = u.id
         WHERE u.tenant_id = p_tenant
        UNION ALL
        -- removals
        SELECT date_trunc('month', u.removed_at AT TIME ZONE z.zone)::date,
            u.region_id, coalesce(g.segment_ids, '{}'), abs(hashtext(u.id::text)) % 16,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
          FROM users u
          JOIN guild_analytics_zones(p_tenant) z ON z.user_id = u.id
          LEFT JOIN guild_analytics_member_segments(p_tenant) g ON g.user_id = u.id
         WHERE u.tenant_id = p_tenant AND u.removed_at IS NOT NULL
      ) f
      CROSS JOIN LATERAL unnest(CASE WHEN f.region_id IS NULL THEN ARRAY[all_key]
                                     ELSE ARRAY[all_key, f.region_id] END) AS r(key)
      CROSS JOIN LATERAL unnest(ARRAY[all_key] || f.segment_ids) AS s(key)
     GROUP BY f.month, r.key, s.key, f.shard;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_member_days', 'analytics_member_months',
                           'analytics_month_counts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;

SELECT guild_analytics_rebuild(id) FROM tenants;

-- Moderation by UTC month, region and segment of the author: items checked, how they were
-- decided, human reviews, and the audit sample's verdicts (moderation cost reduction and the
-- precision of automatic decisions, as src/moderation/metrics.service.ts computes them from
-- the raw rows).
CREATE TABLE analytics_moderation_months (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  month date NOT NULL,
  region_key uuid NOT NULL,
  segment_key uuid NOT NULL,
  shard smallint NOT NULL,
  items integer NOT NULL DEFAULT 0,
  automatic integer NOT NULL DEFAULT 0,
  human integer NOT NULL DEFAULT 0,
  human_reviews integer NOT NULL DEFAULT 0,
  audited integer NOT NULL DEFAULT 0,
  audit_confirmed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, month, region_key, segment_key, shard)
);

CREATE FUNCTION guild_analytics_moderation_add(
  p_tenant uuid, p_author uuid, p_at timestamptz, d_items integer, d_automatic integer,
  d_human integer, d_reviews integer, d_audited integer, d_confirmed integer
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  all_key constant uuid := '00000000-0000-0000-0000-000000000000';
  v_region uuid;
  v_segments uuid[] := '{}';
BEGIN
  IF d_items = 0 AND d_automatic = 0 AND d_human = 0 AND d_reviews = 0 AND d_audited = 0
     AND d_confirmed = 0 THEN
    RETURN;
  END IF;
  IF p_author IS NOT NULL THEN
    SELECT u.region_id, guild_analytics_segments_of(u.id) INTO v_region, v_segments
      FROM users u WHERE u.id = p_author;
  END IF;
  INSERT INTO analytics_moderation_months AS c (tenant_id, month, region_key, segment_key,
      shard, items, automatic, human, human_reviews, audited, audit_confirmed)
    SELECT p_tenant, date_trunc('month', p_at AT TIME ZONE 'UTC')::date, r.key, s.key,
        abs(hashtext(coalesce(p_author::text, p_at::text))) % 16,
        d_items, d_automatic, d_human, d_reviews, d_audited, d_confirmed
      FROM unnest(CASE WHEN v_region IS NULL THEN ARRAY[all_key] ELSE ARRAY[all_key, v_region] END)
             AS r(key)
      CROSS JOIN unnest(ARRAY[all_key] || coalesce(v_segments, '{}')) AS s(key)
  ON CONFLICT (tenant_id, month, region_key, segment_key, shard) DO UPDATE SET
    items = c.items + excluded.items,
    automatic = c.automatic + excluded.automatic,
    human = c.human + excluded.human,
    human_reviews = c.human_reviews + excluded.human_reviews,
    audited = c.audited + excluded.audited,
    audit_confirmed = c.audit_confirmed + excluded.audit_confirmed;
END
$$;

-- A check's share: one item, decided automatically or by a person (or still waiting).
CREATE FUNCTION guild_analytics_check(c moderation_checks, sign integer) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM guild_analytics_moderation_add(c.tenant_id, c.author_id, c.created_at, sign,
    sign * (c.final_decision IS NOT NULL AND c.decided_by IS NULL)::integer,
    sign * (c.decided_by IS NOT NULL)::integer, 0, 0, 0);
END
$$;

CREATE FUNCTION guild_analytics_on_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM guild_analytics_check(OLD, -1);
  END IF;
  PERFORM guild_analytics_check(NEW, 1);
  RETURN NULL;
END
$$;

CREATE TRIGGER analytics_check_inserted AFTER INSERT ON moderation_checks
  FOR EACH ROW EXECUTE FUNCTION guild_analytics_on_check();
CREATE TRIGGER analytics_check_decided AFTER UPDATE OF final_decision, decided_by, author_id
  ON moderation_checks
  FOR EACH ROW
  WHEN (OLD.final_decision IS DISTINCT FROM NEW.final_decision
        OR OLD.decided_by IS DISTINCT FROM NEW.decided_by
        OR OLD.author_id IS DISTINCT FROM NEW.author_id)
  EXECUTE FUNCTION guild_analytics_on_check();

-- A review item's share: a human review in the month it was resolved; an audit verdict in the
-- month of the audited check.
CREATE FUNCTION guild_analytics_review(r review_items, sign integer) RETURNS void
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
  IF r.kind = 'audit' AND r.check_id IS NOT NULL THEN
    SELECT * INTO checked FROM moderation_checks WHERE id = r.check_id;
    IF FOUND THEN
      PERFORM guild_analytics_moderation_add(r.tenant_id, checked.author_id, checked.created_at,
        0, 0, 0, 0, sign,
        sign * ((checked.final_decision = 'allow' AND r.decision = 'approve')
                OR (checked.final_decision = 'reject' AND r.decision = 'reject'))::integer);
    END IF;
  END IF;
END
$$;

CREATE FUNCTION guild_analytics_on_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM guild_analytics_review(OLD, -1);
  END IF;
  PERFORM guild_analytics_review(NEW, 1);
  RETURN NULL;
END
$$;

CREATE TRIGGER analytics_review_inserted AFTER INSERT ON review_items
  FOR EACH ROW WHEN (NEW.status = 'resolved')
  EXECUTE FUNCTION guild_analytics_on_review();
CREATE TRIGGER analytics_review_resolved AFTER UPDATE OF status, resolved_by, resolved_at, decision
  ON review_items
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.resolved_by IS DISTINCT FROM NEW.resolved_by
        OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
        OR OLD.decision IS DISTINCT FROM NEW.decision)
  EXECUTE FUNCTION guild_analytics_on_review();

CREATE FUNCTION guild_analytics_rebuild_moderation(p_tenant uuid) RETURNS void
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
            ((c.final_decision = 'allow' AND r.decision = 'approve')
              OR (c.final_decision = 'reject' AND r.decision = 'reject'))::integer
          FROM review_items r JOIN moderation_checks c ON c.id = r.check_id
         WHERE r.tenant_id = p_tenant AND r.kind = 'audit' AND r.status = 'resolved'
      ) f
      LEFT JOIN users u ON u.id = f.author_id
      LEFT JOIN guild_analytics_member_segments(p_tenant) g ON g.user_id = u.id
      CROSS JOIN LATERAL unnest(CASE WHEN u.region_id IS NULL THEN ARRAY[all_key]
                                     ELSE ARRAY[all_key, u.region_id] END) AS r(key)
      CROSS JOIN LATERAL unnest(ARRAY[all_key] || coalesce(g.segment_ids, '{}')) AS s(key)
     GROUP BY f.month, r.key, s.key, f.shard;
END
$$;

DO $$
BEGIN
  ALTER TABLE analytics_moderation_months ENABLE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON analytics_moderation_months
    USING (tenant_id = guild_current_tenant()) WITH CHECK (tenant_id = guild_current_tenant());
END
$$;

SELECT guild_analytics_rebuild_moderation(id) FROM tenants;
