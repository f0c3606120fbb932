-- Ambassador onboarding (docs/AMBASSADORS.md, "Invitations and onboarding"): e-mail templates a
-- manager overrides per program and locale, the versions of each program's agreement and who
-- signed which, the disclosure quiz's attempts, and the reminders sent (each one once).

-- New notification kinds go through guild_allow_notification_kinds: it reads the kinds the
-- constraint lists now, in either form PostgreSQL shows them (ARRAY['a'::text, ...] or one
-- literal '{a,b}'::text[]), adds the new ones and writes the constraint back, so kinds added by
-- other migrations are kept whatever order they run in. Later migrations call it too.
CREATE FUNCTION guild_allow_notification_kinds(extra text[]) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  def text;
  kinds text[];
BEGIN
  SELECT pg_get_constraintdef(c.oid) INTO def
    FROM pg_constraint c
   WHERE c.conname = 'notifications_kind_check' AND c.conrelid = 'notifications'::regclass;
  SELECT array_agg(DISTINCT k ORDER BY k) INTO kinds FROM (
    SELECT m[1] AS k FROM regexp_matches(coalesce(def, ''), '''([a-z_]+)''', 'g') AS m
    UNION
    SELECT unnest(string_to_array(m[1], ','))
      FROM regexp_matches(coalesce(def, ''), '''\{([a-z_,]*)\}''', 'g') AS m
    UNION
    SELECT unnest(extra)
  ) AS found WHERE k <> '';
  ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_kind_check;
  EXECUTE format('ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check '
    'CHECK (kind = ANY (ARRAY[%s]::text[]))',
    (SELECT string_agg(quote_literal(k), ', ' ORDER BY k) FROM unnest(kinds) AS k));
END
$$;
REVOKE ALL ON FUNCTION guild_allow_notification_kinds(text[]) FROM PUBLIC;

SELECT guild_allow_notification_kinds(ARRAY['ambassador_invitation']);


-- A manager's wording of one e-mail for one program and locale; without a row the default
-- wording in code is used.
CREATE TABLE ambassador_templates (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('invitation', 'invitation_reminder', 'onboarding_reminder')),
  locale text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, kind, locale)
);

-- Each version of a program's agreement. Version 1 is Guild's default text, written the first
-- time it is needed; a manager's text becomes the next version.
CREATE TABLE ambassador_agreements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  program_id uuid NOT NULL REFERENCES ambassador_programs(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  body text NOT NULL,
  body_sha256 text NOT NULL,
  published_by uuid REFERENCES users(id) ON DELETE SET NULL,
  published_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  UNIQUE (program_id, version)
);

-- A member's click-through signature of one version, with the text's hash and where from.
CREATE TABLE ambassador_agreement_signatures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  ambassador_id uuid NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  agreement_id uuid NOT NULL REFERENCES ambassador_agreements(id),
  version integer NOT NULL,
  body_sha256 text NOT NULL,
  ip text,
  user_agent text,
  signed_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  UNIQUE (ambassador_id, agreement_id)
);

-- Every attempt at the disclosure quiz: the answers given and which were wrong.
CREATE TABLE ambassador_quiz_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  ambassador_id uuid NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  quiz_version integer NOT NULL,
  answers integer[] NOT NULL,
  wrong integer[] NOT NULL,
  correct integer NOT NULL,
  passed boolean NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
);
CREATE INDEX ambassador_quiz_attempts_ambassador_idx ON ambassador_quiz_attempts (ambassador_id, id);

-- Reminders sent. `stint` is the transition that put the member where they are (invited or
-- onboarding), so a later stint is reminded afresh; the primary key makes each reminder fire
-- once, whatever the number of sweepers.
CREATE TABLE ambassador_reminders (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  ambassador_id uuid NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('invitation', 'onboarding')),
  stint bigint NOT NULL,
  round integer NOT NULL CHECK (round >= 1),
  emailed boolean NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ambassador_id, kind, stint, round)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ambassador_templates', 'ambassador_agreements',
    'ambassador_agreement_signatures', 'ambassador_quiz_attempts', 'ambassador_reminders']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = guild_current_tenant()) '
      'WITH CHECK (tenant_id = guild_current_tenant())', t);
  END LOOP;
END
$$;
-- Agreements, signatures, quiz attempts and reminders are records: never changed or deleted.
REVOKE UPDATE, DELETE ON ambassador_agreements, ambassador_agreement_signatures,
  ambassador_quiz_attempts, ambassador_reminders FROM guild_app;
