-- The reward catalog and redemptions (docs/gamification-rewards.md).
--
-- Stock is a counter on the reward that a redemption takes from with a conditional update
-- (`stock > 0`), so it can never go below zero, whatever runs at the same time. A redemption
-- moves points only through the ledger: its debit and, when it is rejected or cancelled, its
-- one refund, both keyed by the redemption.

CREATE TABLE rewards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  kind text NOT NULL
    CHECK (kind IN ('physical', 'digital_code', 'discount', 'donation', 'experience')),
  -- how a redemption is carried out: a code from the reward's pool, an outbound webhook, or
  -- by hand (a manager marks it fulfilled)
  fulfilment text NOT NULL CHECK (fulfilment IN ('code_pool', 'webhook', 'manual')),
  cost integer NOT NULL CHECK (cost > 0),
  -- units left; null is unlimited
  stock integer CHECK (stock >= 0),
  -- redemptions one member may hold (rejected and cancelled ones do not count): over all time,
  -- and within one calendar period in the member's time zone
  limit_lifetime integer CHECK (limit_lifetime > 0),
  limit_per_period integer CHECK (limit_per_period > 0),
  limit_period text CHECK (limit_period IN ('day', 'week', 'month', 'year')),
  -- who may redeem: empty arrays mean everyone
  region_codes text[] NOT NULL DEFAULT '{}',
  segment_keys text[] NOT NULL DEFAULT '{}',
  min_lifetime_points integer CHECK (min_lifetime_points >= 0),
  visible_from timestamptz,
  visible_until timestamptz,
  -- every redemption waits for a manager, whatever its cost
  approval_required boolean NOT NULL DEFAULT false,
  archived_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  CHECK ((limit_per_period IS NULL) = (limit_period IS NULL)),
  CHECK (visible_until IS NULL OR visible_from IS NULL OR visible_until > visible_from),
  CHECK (fulfilment <> 'code_pool' OR kind IN ('digital_code', 'discount'))
);
CREATE INDEX rewards_listing_idx ON rewards (tenant_id, created_at DESC, id DESC);

-- The tenant's reward settings: redemptions of rewards costing more than this wait for a
-- manager's approval (null: none do because of their cost).
CREATE TABLE reward_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  approval_above_points integer CHECK (approval_above_points >= 0),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Members whose redemptions all wait for approval, with why. Set by managers through the API
-- and by other parts of Guild (gaming signals, fraud checks); cleared rather than deleted.
CREATE TABLE member_risk_flags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason text NOT NULL,
  -- who raised it: 'manager' or the part of Guild that did (e.g. 'gaming_signals')
  source text NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  cleared_at timestamptz,
  cleared_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX member_risk_flags_active_idx ON member_risk_flags (user_id) WHERE cleared_at IS NULL;
CREATE INDEX member_risk_flags_listing_idx ON member_risk_flags (tenant_id, created_at DESC, id DESC);

CREATE TABLE reward_redemptions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  reward_id uuid NOT NULL REFERENCES rewards(id),
  user_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL
    CHECK (status IN ('pending_approval', 'approved', 'fulfilled', 'rejected', 'cancelled')),
  -- what the member paid and how it is carried out, as they were at the time
  cost integer NOT NULL CHECK (cost > 0),
  fulfilment text NOT NULL CHECK (fulfilment IN ('code_pool', 'webhook', 'manual')),
  -- why it waits for a manager: 'reward', 'value' or 'risk'; null when it did not
  approval_reason text,
  took_stock boolean NOT NULL,
  -- what the member asked for with it (a size, a colour, a dedication)
  member_note text,
  debit_entry_id bigint NOT NULL REFERENCES ledger_entries(id),
  refund_entry_id bigint REFERENCES ledger_entries(id),
  -- the outbox event that asked the partner to fulfil it (webhook fulfilment)
  fulfilment_event_id uuid,
  fulfilment_note text,
  decision_note text,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  fulfilled_by uuid REFERENCES users(id) ON DELETE SET NULL,
  fulfilled_at timestamptz,
  cancelled_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'fulfilled') = (fulfilled_at IS NOT NULL)),
  CHECK ((status IN ('rejected', 'cancelled')) = (refund_entry_id IS NOT NULL))
);
CREATE INDEX reward_redemptions_member_idx
  ON reward_redemptions (user_id, reward_id, created_at DESC);
CREATE INDEX reward_redemptions_listing_idx
  ON reward_redemptions (tenant_id, created_at DESC, id DESC);
CREATE INDEX reward_redemptions_queue_idx ON reward_redemptions (tenant_id, created_at, id)
  WHERE status = 'pending_approval';
CREATE INDEX reward_redemptions_unfulfilled_idx ON reward_redemptions (updated_at)
  WHERE status = 'approved' AND fulfilment <> 'manual';

-- Codes of a digital reward, uploaded by managers. A redemption reserves one when it is made
-- (SKIP LOCKED: concurrent redemptions take different codes); the member sees it once the
-- redemption is fulfilled. A reservation given back before that returns the code to the pool.
CREATE TABLE reward_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  reward_id uuid NOT NULL REFERENCES rewards(id) ON DELETE CASCADE,
  code text NOT NULL,
  redemption_id uuid UNIQUE REFERENCES reward_redemptions(id),
  reserved_at timestamptz,
  uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reward_id, code)
);
CREATE INDEX reward_codes_free_idx ON reward_codes (reward_id, created_at, id)
  WHERE redemption_id IS NULL;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['rewards', 'reward_settings', 'member_risk_flags',
    'reward_redemptions', 'reward_codes']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON rewards, reward_settings, member_risk_flags, reward_redemptions,
  reward_codes TO guild_app;
