-- Leaderboards: scores pre-aggregated per board (period x scope) and member, folded in from
-- the points ledger by a sweeper that follows the ledger by id (src/gamification/leaderboards/
-- fold.service.ts). Nothing here runs inside the ledger's own statements: no trigger on
-- ledger_entries, no new index on it.
--
-- A board is one period (all time, a week starting Monday, a calendar month, or the decayed
-- reputation) of one scope (the whole community, a space, a region). Week and month start in
-- the tenant's time zone. Segments, newcomers ("rising"), staff and opted-out members are
-- applied when a board is read, since membership in them changes over time.

CREATE TABLE leaderboard_boards (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  period text NOT NULL CHECK (period IN ('all', 'week', 'month', 'reputation')),
  -- the first local day of the week or month; 1970-01-01 for all time and reputation
  period_start date NOT NULL,
  scope text NOT NULL CHECK (scope IN ('all', 'space', 'region')),
  -- the space or region; the tenant's own id for the whole community
  scope_id uuid NOT NULL,
  UNIQUE (tenant_id, period, period_start, scope, scope_id)
);

-- One member's score on one board: points (a whole number) or decayed reputation. Reputation
-- is kept in units that grow by 2 every half-life from the tenant's reputation epoch, so that
-- ordering needs no rewrite as time passes: the shown value is score * 2^-(age of epoch / h).
--
-- No foreign keys here: this is derived data written only by the fold, millions of rows of
-- it, and three key checks per row would double the fold's cost. Whoever removes a board
-- (pruning, a reputation rebuild) removes its scores in the same transaction.
CREATE TABLE leaderboard_scores (
  tenant_id uuid NOT NULL,
  board_id bigint NOT NULL,
  user_id uuid NOT NULL,
  score double precision NOT NULL,
  PRIMARY KEY (board_id, user_id)
);
-- Top N: read in index order. The user id breaks ties the same way every time.
CREATE INDEX leaderboard_scores_rank_idx ON leaderboard_scores (board_id, score DESC, user_id);

-- How many members hold each score on a points board: a member's rank is one plus the members
-- above their score, a sum over the distinct scores above it instead of a count of members.
CREATE TABLE leaderboard_score_counts (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  board_id bigint NOT NULL REFERENCES leaderboard_boards(id) ON DELETE CASCADE,
  score double precision NOT NULL,
  members bigint NOT NULL,
  PRIMARY KEY (board_id, score)
);

-- The first and last ledger entry folded per local day, so that a custom period reads the
-- ledger by primary key range instead of scanning it.
CREATE TABLE leaderboard_days (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  day date NOT NULL,
  first_id bigint NOT NULL,
  last_id bigint NOT NULL,
  PRIMARY KEY (tenant_id, day)
);

CREATE TABLE leaderboard_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  half_life_days integer NOT NULL DEFAULT 30 CHECK (half_life_days BETWEEN 7 AND 3650),
  rising_days integer NOT NULL DEFAULT 30 CHECK (rising_days BETWEEN 1 AND 365),
  -- the instant reputation units are counted from; reset when the half-life changes
  reputation_epoch timestamptz NOT NULL DEFAULT '2026-01-01T00:00:00Z',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A member's own choice to stay off the boards.
CREATE TABLE leaderboard_preferences (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  opted_out boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leaderboard_preferences_out_idx ON leaderboard_preferences (tenant_id)
  WHERE opted_out;

-- The sweeper's place in the ledger (one row for the whole database: ledger ids are global).
-- Every entry with id <= last_id has been folded, except the ids in leaderboard_fold_holes:
-- ids below last_id that were not visible when the sweeper passed them (a transaction still
-- in flight, or one that rolled back or lost an idempotency conflict).
CREATE TABLE leaderboard_fold_state (
  id integer PRIMARY KEY CHECK (id = 1),
  last_id bigint NOT NULL DEFAULT 0,
  folded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO leaderboard_fold_state (id) VALUES (1);

CREATE TABLE leaderboard_fold_holes (
  entry_id bigint PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);

-- Read-time filters: staff and inactive accounts, and newcomers by join date.
CREATE INDEX users_leaderboard_excluded_idx ON users (tenant_id)
  WHERE role IN ('moderator', 'manager', 'admin') OR status <> 'active';
CREATE INDEX users_created_idx ON users (tenant_id, created_at);
CREATE INDEX user_segments_segment_idx ON user_segments (segment_id, user_id);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['leaderboard_boards', 'leaderboard_scores', 'leaderboard_score_counts',
    'leaderboard_days', 'leaderboard_settings', 'leaderboard_preferences']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- The boards are written by the sweeper (as the owner); the application reads them, keeps its
-- settings and members' preferences, and may reset a tenant's reputation boards.
GRANT SELECT ON leaderboard_boards, leaderboard_score_counts, leaderboard_days TO guild_app;
GRANT SELECT ON leaderboard_scores TO guild_app;
GRANT SELECT, INSERT, UPDATE ON leaderboard_settings, leaderboard_preferences TO guild_app;
GRANT SELECT ON leaderboard_fold_state TO guild_app;
REVOKE INSERT, UPDATE, DELETE ON leaderboard_boards, leaderboard_scores,
  leaderboard_score_counts, leaderboard_days, leaderboard_fold_state, leaderboard_fold_holes
  FROM guild_app;
REVOKE ALL ON leaderboard_fold_holes FROM guild_app;
