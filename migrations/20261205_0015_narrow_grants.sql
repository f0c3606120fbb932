-- The application role's rights on each table, as the earlier migrations meant them.
--
-- The foundation migration gives guild_app every right on tables created later (default
-- privileges), so a GRANT of fewer rights in a later migration took nothing away: the ledger's
-- entries, the rule versions and the refunds of activity could be changed or deleted by the
-- application. Here the rights each migration left out are revoked.

-- Append-only: written once, never changed or removed by the application.
REVOKE UPDATE, DELETE ON ledger_entries, point_rule_versions, activity_refunds FROM guild_app;

-- Changed in place (statuses, counters, revocations) but never deleted by the application.
REVOKE DELETE ON point_balances, point_lots, point_rules, activity_events, point_backfills,
  member_activity, badges, user_badges, levels, user_level_notices, challenges,
  challenge_participants, leaderboard_settings, leaderboard_preferences, rewards,
  reward_settings, member_risk_flags, reward_redemptions, reward_codes, gaming_findings,
  gaming_finding_members, points_settings
  FROM guild_app;

-- Stored answers to idempotent requests are written once and expire by deletion.
REVOKE UPDATE ON idempotent_requests FROM guild_app;
