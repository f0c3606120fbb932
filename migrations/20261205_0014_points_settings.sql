-- A community's points settings: whether members may convert community points into the
-- retailer's loyalty points, at what rate and from what amount; the key of its store codes.
CREATE TABLE points_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  conversion_enabled boolean NOT NULL DEFAULT false,
  -- community points given for one loyalty point
  community_points_per_loyalty_point integer NOT NULL DEFAULT 10
    CHECK (community_points_per_loyalty_point BETWEEN 1 AND 100000),
  -- the smallest conversion, in community points
  conversion_minimum integer NOT NULL DEFAULT 100 CHECK (conversion_minimum >= 1),
  -- signs the daily store-visit codes shown as QR codes in stores; never leaves the database
  visit_code_secret text NOT NULL DEFAULT (gen_random_uuid()::text || gen_random_uuid()::text),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE points_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON points_settings USING (tenant_id = guild_current_tenant())
  WITH CHECK (tenant_id = guild_current_tenant());
GRANT SELECT, INSERT, UPDATE ON points_settings TO guild_app;
