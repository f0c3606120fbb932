-- Product reviews written by members (docs/REVIEWS.md; COMPLIANCE.md REV-01..06): moderated
-- through the gate like any post, never by their rating; labelled when incentivised or written
-- by an insider; removed only for content-neutral reasons, with removal rates by star rating.

ALTER TABLE moderation_checks DROP CONSTRAINT moderation_checks_item_type_check;
ALTER TABLE moderation_checks ADD CONSTRAINT moderation_checks_item_type_check
  CHECK (item_type IN ('post', 'comment', 'profile', 'submission', 'review'));
ALTER TABLE review_items DROP CONSTRAINT review_items_item_type_check;
ALTER TABLE review_items ADD CONSTRAINT review_items_item_type_check
  CHECK (item_type IN ('post', 'comment', 'profile', 'submission', 'review'));

CREATE TABLE reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  product_sku text NOT NULL CHECK (char_length(product_sku) BETWEEN 1 AND 64),
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title text NOT NULL DEFAULT '',
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('published', 'held', 'removed')),
  -- the tie that makes it an insider review (REV-03), as it stood when it was written
  insider text CHECK (insider IN ('employee', 'staff', 'household')),
  check_id uuid,
  -- content-neutral only: the moderation reasons (toxicity, spam, personal data, off topic, …)
  removal_reason text,
  removed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  removed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  -- one review per member and product: no sock-puppet repeats (REV-05)
  UNIQUE (tenant_id, author_id, product_sku),
  CHECK ((status = 'removed') = (removed_at IS NOT NULL))
);
CREATE INDEX reviews_product_idx ON reviews (tenant_id, product_sku, created_at DESC, id DESC);
CREATE INDEX reviews_created_idx ON reviews (tenant_id, created_at);

-- The review hub's own words about itself (REV-06): never a claim of independence.
CREATE TABLE review_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  hub_title text NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reviews', 'review_settings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Reviews are removed (kept, with the reason), never deleted by the application.
REVOKE DELETE ON reviews, review_settings FROM guild_app;
