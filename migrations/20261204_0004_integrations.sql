-- Integrations: the retailer's stores, customers, products, orders with their lines, loyalty
-- program and social mentions; import jobs; partner systems (sources) with the webhook events
-- they send; the outbox of events Guild sends and their deliveries; the links that join a
-- member to a customer record.
--
-- Records that arrive from a partner are keyed by their external id within the tenant, so a
-- second import or a repeated webhook finds the row it made the first time. Ids of customers,
-- orders and loyalty accounts are derived from (tenant, external id) by the application, so
-- the lines of an order can be written without first asking for the order's id.

ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

CREATE TABLE stores (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  name text NOT NULL,
  region_code text,
  country text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_id)
);

CREATE TABLE customers (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  email text,
  -- lower-cased e-mail: addresses are matched without regard to case
  email_key text,
  first_name text,
  last_name text,
  region_code text,
  country text,
  consent_email boolean,
  consent_sms boolean,
  loyalty_id text,
  home_store_id uuid REFERENCES stores(id) ON DELETE SET NULL,
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_id)
);
CREATE INDEX customers_email_idx ON customers (tenant_id, email_key) WHERE email_key IS NOT NULL;
CREATE INDEX customers_loyalty_idx ON customers (tenant_id, loyalty_id) WHERE loyalty_id IS NOT NULL;

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  sku text NOT NULL,
  description text,
  -- non-product codes (postage, fees, adjustments, vouchers, manual lines) are kept apart
  kind text NOT NULL
    CHECK (kind IN ('product', 'postage', 'fee', 'adjustment', 'voucher', 'manual')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, sku)
);

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  -- null for a guest sale: counted in revenue, never in customer metrics
  customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
  store_id uuid REFERENCES stores(id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('sale', 'return', 'adjustment')),
  financial_status text,
  -- the sale a return reverses, when one sale is named or found for all of its lines
  reverses_order_id uuid REFERENCES orders(id) ON DELETE SET NULL,
  -- the order a return names, kept until that order arrives (it may come later)
  reverses_external_id text,
  placed_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  currency char(3) NOT NULL,
  country text,
  subtotal_minor bigint,
  shipping_minor bigint,
  taxes_minor bigint,
  discount_minor bigint,
  total_minor bigint,
  refunded_minor bigint,
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_id)
);
CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at) WHERE customer_id IS NOT NULL;
CREATE INDEX orders_placed_idx ON orders (tenant_id, placed_at);

-- Lines are written by Guild in the same transaction as (and after) their order, so order_id has
-- no foreign key: its per-row check would more than double the cost of a bulk import. Deleting
-- orders deletes their lines through the statement-level trigger below.
CREATE TABLE order_lines (
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL,
  -- identity of the line within its order: a hash of its content and of how many identical
  -- lines came before it, so re-reading a file finds the same keys
  line_key bigint NOT NULL,
  source_line integer,
  sku text NOT NULL,
  description text,
  line_kind text NOT NULL
    CHECK (line_kind IN ('product', 'postage', 'fee', 'adjustment', 'voucher', 'manual')),
  -- negative on returns and stock adjustments
  quantity integer NOT NULL,
  -- exactly as the source wrote it (some retailers price below the minor unit)
  unit_price numeric(20, 6) NOT NULL,
  unit_price_minor bigint NOT NULL,
  discount_minor bigint,
  reverses_order_id uuid REFERENCES orders(id) ON DELETE SET NULL,
  -- the line_key of an identical earlier line of the same order: reported, kept, not merged
  duplicate_of bigint,
  PRIMARY KEY (order_id, line_key)
);
CREATE INDEX order_lines_reversing_idx ON order_lines (order_id) WHERE quantity < 0;

CREATE FUNCTION guild_delete_order_lines() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM order_lines l USING gone g WHERE l.order_id = g.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER orders_delete_lines AFTER DELETE ON orders
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION guild_delete_order_lines();

CREATE TABLE loyalty_tiers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  rank integer NOT NULL DEFAULT 0,
  min_points bigint,
  UNIQUE (tenant_id, code)
);

CREATE TABLE loyalty_accounts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
  tier_code text,
  points_balance bigint NOT NULL DEFAULT 0,
  enrolled_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_id)
);
CREATE INDEX loyalty_accounts_customer_idx ON loyalty_accounts (customer_id);

CREATE TABLE loyalty_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES loyalty_accounts(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('earn', 'redeem', 'adjust', 'expire', 'reverse')),
  points bigint NOT NULL,
  order_external_id text,
  reason text,
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_id)
);
CREATE INDEX loyalty_events_account_idx ON loyalty_events (account_id, occurred_at);

CREATE TABLE social_profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  platform text NOT NULL,
  handle text NOT NULL,
  handle_key text NOT NULL,
  followers integer,
  customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, platform, handle_key)
);

CREATE TABLE mentions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  platform text NOT NULL,
  external_id text NOT NULL,
  profile_id uuid REFERENCES social_profiles(id) ON DELETE SET NULL,
  author_handle text,
  brand text,
  body text NOT NULL,
  reach integer,
  sentiment text CHECK (sentiment IN ('negative', 'neutral', 'positive')),
  posted_at timestamptz NOT NULL,
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, platform, external_id)
);
CREATE INDEX mentions_posted_idx ON mentions (tenant_id, posted_at);

CREATE TABLE import_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('orders', 'customers', 'mentions')),
  preset text NOT NULL,
  mapping jsonb,
  origin text NOT NULL CHECK (origin IN ('cli', 'upload')),
  file_name text NOT NULL,
  -- where an uploaded file waits for its job; removed when the job ends
  file_path text,
  file_bytes bigint,
  -- size and a hash of the file's first bytes: a crashed import of the same file resumes
  file_fingerprint text,
  dry_run boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  bytes_read bigint NOT NULL DEFAULT 0,
  rows_read integer NOT NULL DEFAULT 0,
  rows_imported integer NOT NULL DEFAULT 0,
  rows_unchanged integer NOT NULL DEFAULT 0,
  rows_skipped integer NOT NULL DEFAULT 0,
  -- last source line whose rows are committed, written in the same transaction as them
  checkpoint_line bigint NOT NULL DEFAULT 0,
  summary jsonb,
  error_count integer NOT NULL DEFAULT 0,
  error_report_path text,
  failure text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_jobs_recent_idx ON import_jobs (tenant_id, created_at DESC);

-- A partner system: it signs the webhooks it sends with `secret`, and may take Guild's calls
-- at `api_url` (the loyalty adapter).
CREATE TABLE integration_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('shop', 'crm', 'loyalty', 'social')),
  secret text NOT NULL,
  -- the secret before the last rotation, still accepted until previous_secret_expires_at
  previous_secret text,
  previous_secret_expires_at timestamptz,
  api_url text,
  api_key text,
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, slug)
);

CREATE TABLE webhook_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES integration_sources(id) ON DELETE CASCADE,
  event_id text NOT NULL,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'processed', 'parked', 'failed', 'ignored')),
  -- what a parked event waits for, e.g. 'order:1001' for a refund that came before its order
  waiting_for text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  UNIQUE (source_id, event_id)
);
CREATE INDEX webhook_events_recent_idx ON webhook_events (tenant_id, received_at DESC);
CREATE INDEX webhook_events_parked_idx ON webhook_events (tenant_id, waiting_for)
  WHERE status = 'parked';

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  secret text NOT NULL,
  topics text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Events Guild sends, written in the same transaction as the change they describe.
CREATE TABLE outbox_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- set once a delivery exists for every target that wants the event
  dispatched_at timestamptz
);
CREATE INDEX outbox_events_undispatched_idx ON outbox_events (created_at)
  WHERE dispatched_at IS NULL;

CREATE TABLE deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id uuid NOT NULL REFERENCES outbox_events(id) ON DELETE CASCADE,
  target text NOT NULL CHECK (target IN ('webhook', 'loyalty')),
  endpoint_id uuid REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  source_id uuid REFERENCES integration_sources(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status integer,
  last_error text,
  last_duration_ms integer,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((target = 'webhook') = (endpoint_id IS NOT NULL)),
  CHECK ((target = 'loyalty') = (source_id IS NOT NULL))
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_recent_idx ON deliveries (tenant_id, created_at DESC);
CREATE UNIQUE INDEX deliveries_once_idx ON deliveries (event_id, endpoint_id, source_id)
  NULLS NOT DISTINCT;

-- Which customer records are which member. A member may hold several (the same person in the
-- shop and in the CRM: a merge); a customer record belongs to one member at a time. Unlinking
-- (an unmerge) keeps the row, closed, as history.
CREATE TABLE member_customer_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  rule text NOT NULL CHECK (rule IN ('verified_email', 'loyalty_id', 'explicit')),
  linked_by uuid REFERENCES users(id) ON DELETE SET NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  unlinked_by uuid REFERENCES users(id) ON DELETE SET NULL,
  unlinked_at timestamptz,
  unlink_reason text
);
CREATE UNIQUE INDEX member_customer_links_active_idx ON member_customer_links (customer_id)
  WHERE unlinked_at IS NULL;
CREATE INDEX member_customer_links_user_idx ON member_customer_links (user_id);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stores', 'customers', 'products', 'orders', 'order_lines',
    'loyalty_tiers', 'loyalty_accounts', 'loyalty_events', 'social_profiles', 'mentions',
    'import_jobs', 'integration_sources', 'webhook_events', 'webhook_endpoints',
    'outbox_events', 'deliveries', 'member_customer_links']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO guild_app', t);
  END LOOP;
END
$$;
