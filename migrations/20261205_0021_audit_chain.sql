-- The audit log becomes append-only and tamper-evident (docs/AUDIT.md).
--
-- Each tenant's entries form one chain: an entry's `seq` follows the previous entry's, and its
-- `hash` is SHA-256 over the previous hash and the entry's own fields. Changing, removing or
-- reordering an entry breaks every hash after it, which `guild audit verify` reports.
--
-- Personal parts of an entry (the IP address, the user agent and `personal`, e.g. a date of
-- birth an admin changed) are not hashed directly: the chain covers `pii_digest`, a salted
-- digest of them. Retention and erasure may blank these parts (and the salt) without breaking
-- the chain; any other change to them is detected, because the digest no longer matches.

ALTER TABLE audit_log
  ADD COLUMN seq bigint,
  ADD COLUMN prev_hash text,
  ADD COLUMN hash text,
  ADD COLUMN user_agent text,
  ADD COLUMN personal jsonb,
  ADD COLUMN pii_salt text,
  ADD COLUMN pii_digest text;

-- The newest entry of each tenant's chain. Locked by each insert, so entries of one tenant are
-- chained one at a time, in commit order.
CREATE TABLE audit_chain_heads (
  tenant_id uuid PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- One field of the hashed text: its length in bytes, a colon and the value; '-' for NULL.
CREATE FUNCTION guild_audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '-' ELSE octet_length(value)::text || ':' || value END
$$;

-- The digest of an entry's personal parts (NULL when it has none, or after they were blanked).
CREATE FUNCTION guild_audit_pii_digest(salt text, ip text, user_agent text, personal jsonb)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN salt IS NULL THEN NULL ELSE encode(sha256(convert_to(
    guild_audit_field(salt) || '|' || guild_audit_field(ip) || '|' ||
    guild_audit_field(user_agent) || '|' || guild_audit_field(personal::text), 'UTF8')), 'hex') END
$$;

CREATE FUNCTION guild_audit_hash(entry audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    guild_audit_field(entry.prev_hash),
    guild_audit_field(entry.seq::text),
    guild_audit_field(entry.tenant_id::text),
    guild_audit_field(entry.actor_id::text),
    guild_audit_field(entry.action),
    guild_audit_field(entry.target_type),
    guild_audit_field(entry.target_id),
    guild_audit_field(entry.request_id),
    guild_audit_field(entry.details::text),
    guild_audit_field(entry.pii_digest),
    guild_audit_field(floor(extract(epoch FROM entry.created_at) * 1000000)::bigint::text)
  ), 'UTF8')), 'hex')
$$;

CREATE FUNCTION guild_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_heads%ROWTYPE;
BEGIN
  INSERT INTO audit_chain_heads (tenant_id, seq, hash)
    VALUES (NEW.tenant_id, 0, repeat('0', 64))
    ON CONFLICT (tenant_id) DO NOTHING;
  SELECT * INTO head FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id FOR UPDATE;
  NEW.seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  IF NEW.ip IS NOT NULL OR NEW.user_agent IS NOT NULL OR NEW.personal IS NOT NULL THEN
    NEW.pii_salt := encode(sha256(convert_to(gen_random_uuid()::text || clock_timestamp()::text,
      'UTF8')), 'hex');
  ELSE
    NEW.pii_salt := NULL;
  END IF;
  NEW.pii_digest := guild_audit_pii_digest(NEW.pii_salt, NEW.ip, NEW.user_agent, NEW.personal);
  NEW.hash := guild_audit_hash(NEW);
  UPDATE audit_chain_heads SET seq = NEW.seq, hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
  RETURN NEW;
END
$$;

-- Entries written before this migration join their tenant's chain in the order they were made.
DO $$
DECLARE
  entry audit_log%ROWTYPE;
  last_tenant uuid := NULL;
  last_seq bigint;
  last_hash text;
BEGIN
  FOR entry IN SELECT * FROM audit_log ORDER BY tenant_id, id LOOP
    IF last_tenant IS DISTINCT FROM entry.tenant_id THEN
      last_tenant := entry.tenant_id;
      last_seq := 0;
      last_hash := repeat('0', 64);
    END IF;
    entry.seq := last_seq + 1;
    entry.prev_hash := last_hash;
    IF entry.ip IS NOT NULL THEN
      entry.pii_salt := encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex');
    END IF;
    entry.pii_digest := guild_audit_pii_digest(entry.pii_salt, entry.ip, NULL, NULL);
    entry.hash := guild_audit_hash(entry);
    UPDATE audit_log SET seq = entry.seq, prev_hash = entry.prev_hash, hash = entry.hash,
      pii_salt = entry.pii_salt, pii_digest = entry.pii_digest
      WHERE id = entry.id;
    INSERT INTO audit_chain_heads (tenant_id, seq, hash) VALUES (entry.tenant_id, entry.seq, entry.hash)
      ON CONFLICT (tenant_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
    last_seq := entry.seq;
    last_hash := entry.hash;
  END LOOP;
END
$$;

ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL,
  ALTER COLUMN prev_hash SET NOT NULL,
  ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_chain_idx ON audit_log (tenant_id, seq);

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION guild_audit_chain();

ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_chain_heads USING (tenant_id = guild_current_tenant())
  WITH CHECK (tenant_id = guild_current_tenant());

-- Append-only: the application may only blank an entry's personal parts (retention, erasure).
REVOKE UPDATE, DELETE ON audit_log FROM guild_app;
GRANT UPDATE (ip, user_agent, personal, pii_salt) ON audit_log TO guild_app;
REVOKE DELETE ON audit_chain_heads FROM guild_app;
