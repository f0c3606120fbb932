-- Write rate limits shared by every Guild process on one PostgreSQL server: one counter per
-- caller (and per route with its own limit) and window. Unlogged: after a crash the counters
-- start again from zero, which only forgives a minute of requests. Not tenant data: a key
-- names a member id or an address, never a tenant's rows, so the app role cannot read it.
CREATE UNLOGGED TABLE rate_limit_hits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  resets_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_hits_resets_idx ON rate_limit_hits (resets_at);

REVOKE ALL ON rate_limit_hits FROM guild_app;
