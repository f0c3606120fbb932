-- Achievements: badges with tiers, levels with privileges, streaks and challenges. They hear of
-- what members do through the activity events the rules engine records (and withdraws); each
-- event is kept once here by its cause key, so a replayed event counts once.

-- New notification kinds. The list is read from the constraint as it stands, so kinds added by
-- other migrations are kept whatever order they run in.
DO $$
DECLARE
  kinds text[];
BEGIN
  SELECT array_agg(DISTINCT m[1]) INTO kinds
    FROM pg_constraint c,
         regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
   WHERE c.conname = 'notifications_kind_check' AND c.conrelid = 'notifications'::regclass;
  kinds := ARRAY(SELECT DISTINCT k FROM unnest(coalesce(kinds, ARRAY[]::text[])
    || ARRAY['badge_granted', 'level_reached', 'challenge_completed']) AS k ORDER BY k);
  ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_kind_check;
  EXECUTE format('ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check '
    'CHECK (kind = ANY (%L::text[]))', kinds);
END
$$;

-- What a member did (or had done to them), one row per occurrence: kind and cause key are
-- unique per tenant. `own` is true when the member acted themselves (streaks count those);
-- `local_day` is the day in the member's time zone when it happened. A withdrawn event (a post
-- removed, an answer un-accepted) stays with `withdrawn_at` set and counts no more.
CREATE TABLE member_activity (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  cause_key text NOT NULL,
  own boolean NOT NULL,
  occurred_at timestamptz NOT NULL,
  local_day date NOT NULL,
  space_id uuid,
  withdrawn_at timestamptz,
  UNIQUE (tenant_id, kind, cause_key)
);
CREATE INDEX member_activity_user_kind_idx ON member_activity (user_id, kind)
  WHERE withdrawn_at IS NULL;
CREATE INDEX member_activity_user_day_idx ON member_activity (user_id, local_day)
  WHERE withdrawn_at IS NULL AND own;

-- Badges: earned by a count of events, a streak of days, a first event, or only by hand.
CREATE TABLE badges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,60}$'),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  criterion text NOT NULL CHECK (criterion IN ('count', 'streak', 'first', 'manual')),
  -- the activity counted; for a streak, null means any activity of the member's own
  activity_kind text,
  -- only events in this space count (count and first)
  space_id uuid REFERENCES spaces(id) ON DELETE SET NULL,
  -- taken away (points and all) when the criterion no longer holds
  revocable boolean NOT NULL DEFAULT false,
  -- shown to other members on the holder's profile
  visible boolean NOT NULL DEFAULT true,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  -- times that order paged lists are kept to whole milliseconds (see migration 0006)
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, key),
  UNIQUE (tenant_id, id),
  CHECK ((criterion = 'manual') = (activity_kind IS NULL) OR criterion = 'streak')
);
CREATE INDEX badges_kind_idx ON badges (tenant_id, activity_kind) WHERE status = 'active';

-- A badge's tiers: the threshold to reach each, and the points it pays once.
CREATE TABLE badge_tiers (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  badge_id uuid NOT NULL REFERENCES badges(id) ON DELETE CASCADE,
  tier text NOT NULL CHECK (tier IN ('bronze', 'silver', 'gold')),
  threshold integer NOT NULL CHECK (threshold >= 1),
  points integer NOT NULL DEFAULT 0 CHECK (points >= 0),
  PRIMARY KEY (badge_id, tier)
);

-- Who holds which badge tier. One row per member, badge and tier, ever: a second grant cannot
-- be written. Revoking keeps the row (revoked_at); granting again reopens it and counts
-- `grant_number` up, which keys that grant's points.
CREATE TABLE user_badges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  badge_id uuid NOT NULL REFERENCES badges(id) ON DELETE CASCADE,
  tier text NOT NULL CHECK (tier IN ('bronze', 'silver', 'gold')),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('automatic', 'manual')),
  grant_number integer NOT NULL DEFAULT 1 CHECK (grant_number >= 1),
  granted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  granted_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id) ON DELETE SET NULL,
  revoke_reason text,
  CONSTRAINT user_badges_once UNIQUE (badge_id, tier, user_id)
);
CREATE INDEX user_badges_user_idx ON user_badges (user_id, granted_at DESC, id DESC);

-- Levels: thresholds on lifetime points, each unlocking privileges. A member's level is
-- computed from their balance whenever asked; it is not stored.
CREATE TABLE levels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  min_points bigint NOT NULL CHECK (min_points >= 0),
  privileges text[] NOT NULL DEFAULT '{}',
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX levels_threshold_idx ON levels (tenant_id, min_points)
  WHERE archived_at IS NULL;

-- The first time a member reached a level, so they are told once (not their current level).
CREATE TABLE user_level_notices (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  level_id uuid NOT NULL REFERENCES levels(id) ON DELETE CASCADE,
  reached_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, level_id)
);

-- Challenges: a time box in the community's local time (tenants.timezone), steps, who may
-- join, and the prize.
CREATE TABLE challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  starts_local timestamp NOT NULL,
  ends_local timestamp NOT NULL,
  prize_points integer CHECK (prize_points IS NULL OR prize_points > 0),
  -- a reward of the catalogue (owned by the rewards part), handed out on completion
  reward_id uuid,
  -- the reminder shown with a prize: posts made for the challenge must carry a disclosure
  disclosure_text text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_local > starts_local),
  CHECK (status = 'draft' OR (prize_points IS NULL AND reward_id IS NULL)
    OR coalesce(length(trim(disclosure_text)), 0) > 0)
);
CREATE INDEX challenges_tenant_idx ON challenges (tenant_id, status, created_at DESC, id DESC);

CREATE TABLE challenge_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  challenge_id uuid NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('online', 'in_store', 'purchase')),
  activity_kind text NOT NULL,
  space_id uuid REFERENCES spaces(id) ON DELETE SET NULL,
  -- in-store: only visits of this store (the event's storeId property)
  store_id text,
  -- purchase: only orders of at least this amount (minor units)
  min_amount bigint CHECK (min_amount IS NULL OR min_amount > 0),
  required_count integer NOT NULL DEFAULT 1 CHECK (required_count BETWEEN 1 AND 1000),
  UNIQUE (challenge_id, position)
);
CREATE INDEX challenge_steps_kind_idx ON challenge_steps (tenant_id, activity_kind);

CREATE TABLE challenge_regions (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  challenge_id uuid NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
  region_id uuid NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  PRIMARY KEY (challenge_id, region_id)
);

CREATE TABLE challenge_segments (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  challenge_id uuid NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
  segment_id uuid NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  PRIMARY KEY (challenge_id, segment_id)
);

-- Members who joined. Completion happens once per `completion_number`: a completion undone
-- (its counted event withdrawn) takes the prize back, and a new completion pays it again.
CREATE TABLE challenge_participants (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  challenge_id uuid NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  joined_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  completion_number integer NOT NULL DEFAULT 0,
  PRIMARY KEY (challenge_id, user_id)
);
CREATE INDEX challenge_participants_user_idx ON challenge_participants (user_id);

-- Each event counted towards a step, once per cause key.
CREATE TABLE challenge_step_progress (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  challenge_id uuid NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
  step_id uuid NOT NULL REFERENCES challenge_steps(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  cause_key text NOT NULL,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (step_id, user_id, cause_key)
);
CREATE INDEX challenge_step_progress_cause_idx ON challenge_step_progress (tenant_id, cause_key);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['member_activity', 'badges', 'badge_tiers', 'user_badges', 'levels',
    'user_level_notices', 'challenges', 'challenge_steps', 'challenge_regions',
    'challenge_segments', 'challenge_participants', 'challenge_step_progress']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON member_activity, badges, badge_tiers, user_badges, levels,
  user_level_notices, challenges, challenge_steps, challenge_participants TO guild_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON challenge_regions, challenge_segments,
  challenge_step_progress, badge_tiers, challenge_steps TO guild_app;
