-- Moderation: every post, comment and profile change passes a check before it is shown; what
-- the policy holds waits in one review queue; moderators' decisions become labels that train
-- the tenant's own model versions.

-- What members see of an item: published, held for review (only the author and moderators see
-- it) or rejected (kept, shown to the author with the reason, open to appeal).
ALTER TABLE posts ADD COLUMN moderation_state text NOT NULL DEFAULT 'published'
  CHECK (moderation_state IN ('published', 'held', 'rejected'));
ALTER TABLE comments ADD COLUMN moderation_state text NOT NULL DEFAULT 'published'
  CHECK (moderation_state IN ('published', 'held', 'rejected'));
CREATE INDEX posts_held_idx ON posts (author_id) WHERE moderation_state <> 'published';

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('mention', 'reply', 'comment', 'reaction', 'accepted_answer', 'follow',
    'moderation_decision', 'moderation_escalation'));
ALTER TABLE notifications ADD COLUMN review_item_id uuid;

-- A tenant's policy, and overrides for one space or one region. `settings` is validated by
-- the service (thresholds per category, stricter rules for new members, the auto-reject cap,
-- watched words, allowed words, trusted link domains, review deadlines).
CREATE TABLE moderation_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  scope text NOT NULL CHECK (scope IN ('tenant', 'space', 'region')),
  space_id uuid REFERENCES spaces(id) ON DELETE CASCADE,
  region_id uuid REFERENCES regions(id) ON DELETE CASCADE,
  -- shadow: decide, record what would have happened, act on nothing
  mode text NOT NULL DEFAULT 'enforce' CHECK (mode IN ('enforce', 'shadow')),
  settings jsonb NOT NULL DEFAULT '{}',
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope = 'tenant') = (space_id IS NULL AND region_id IS NULL)),
  CHECK (scope <> 'space' OR space_id IS NOT NULL),
  CHECK (scope <> 'region' OR region_id IS NOT NULL)
);
CREATE UNIQUE INDEX moderation_policies_scope_idx ON moderation_policies
  (tenant_id, scope, coalesce(space_id, region_id), mode)
  NULLS NOT DISTINCT;

-- One row per check of one item: what the detectors found, what the policy decided, and
-- later the final decision (automatic at once, or a moderator's).
CREATE TABLE moderation_checks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  item_type text NOT NULL CHECK (item_type IN ('post', 'comment', 'profile', 'submission')),
  item_id uuid NOT NULL,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  space_id uuid REFERENCES spaces(id) ON DELETE SET NULL,
  fingerprint text NOT NULL,
  scores jsonb NOT NULL,
  spans jsonb NOT NULL DEFAULT '[]',
  suspicion real NOT NULL DEFAULT 0,
  decision text NOT NULL CHECK (decision IN ('allow', 'hold', 'reject')),
  reason_code text,
  author_message text,
  -- the policy's verdict, before the auto-reject cap or a shadow policy changed anything
  policy_decision text NOT NULL CHECK (policy_decision IN ('allow', 'hold', 'reject')),
  shadow jsonb,
  model_version text NOT NULL,
  provider text,
  provider_error text,
  latency_ms real NOT NULL,
  -- what applying the item needs once approved (a profile change waiting for approval)
  payload jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- the first final decision: at once for allow and reject, when a moderator decides for hold
  final_decision text CHECK (final_decision IN ('allow', 'reject')),
  decided_at timestamptz,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX moderation_checks_item_idx ON moderation_checks (item_type, item_id, created_at DESC);
CREATE INDEX moderation_checks_author_idx ON moderation_checks (author_id, created_at DESC);
CREATE INDEX moderation_checks_space_idx ON moderation_checks (space_id, created_at DESC);
CREATE INDEX moderation_checks_fingerprint_idx ON moderation_checks (tenant_id, fingerprint, created_at DESC);

-- The one review queue: held items, member flags, appeals and audit samples of automatic
-- decisions. A resolved item is never reopened; a later flag opens a new one.
CREATE TABLE review_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('held', 'flag', 'appeal', 'audit')),
  item_type text NOT NULL CHECK (item_type IN ('post', 'comment', 'profile', 'submission')),
  item_id uuid NOT NULL,
  check_id uuid REFERENCES moderation_checks(id) ON DELETE SET NULL,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  space_id uuid REFERENCES spaces(id) ON DELETE SET NULL,
  queue text NOT NULL DEFAULT 'standard' CHECK (queue IN ('standard', 'senior')),
  severity real NOT NULL,
  reach real NOT NULL DEFAULT 1,
  reason_code text,
  summary text NOT NULL DEFAULT '',
  -- a profile change waiting for approval, or an appeal's message
  payload jsonb NOT NULL DEFAULT '{}',
  flag_count integer NOT NULL DEFAULT 0,
  due_at timestamptz NOT NULL,
  claimed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  claimed_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  decision text CHECK (decision IN ('approve', 'reject')),
  decision_reason text,
  decision_note text,
  resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_items_open_idx ON review_items (tenant_id, queue, created_at)
  WHERE status = 'open';
-- at most one open item of a kind for one thing; flags on an open one add to its count
CREATE UNIQUE INDEX review_items_one_open_idx ON review_items (item_type, item_id, kind)
  WHERE status = 'open';
-- one appeal for one decision
CREATE UNIQUE INDEX review_items_one_appeal_idx ON review_items (check_id) WHERE kind = 'appeal';
CREATE INDEX review_items_author_idx ON review_items (author_id, created_at DESC);

-- Labels for training: each moderator decision, and rows of an imported labelled file.
CREATE TABLE moderation_labels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  text text NOT NULL,
  -- head name -> 0 or 1, only the heads the label speaks to
  labels jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('decision', 'import')),
  review_item_id uuid REFERENCES review_items(id) ON DELETE SET NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_labels_tenant_idx ON moderation_labels (tenant_id, created_at);

-- The tenant's model versions. Version 0 is the model shipped with Guild and lives in the
-- code, not here; a row is a version trained from this tenant's labels.
CREATE TABLE moderation_models (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL DEFAULT 'candidate'
    CHECK (status IN ('candidate', 'shadow', 'live', 'retired', 'refused')),
  artifact bytea NOT NULL,
  -- sources, row counts and a SHA-256 of the training rows
  snapshot jsonb NOT NULL,
  metrics jsonb NOT NULL,
  -- the live version's metrics on the same evaluation rows, when the candidate was made
  baseline jsonb,
  bias jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  promoted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  promoted_at timestamptz,
  UNIQUE (tenant_id, version)
);
CREATE UNIQUE INDEX moderation_models_live_idx ON moderation_models (tenant_id)
  WHERE status = 'live';

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['moderation_policies', 'moderation_checks', 'review_items',
    'moderation_labels', 'moderation_models']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO guild_app', t);
  END LOOP;
END
$$;
