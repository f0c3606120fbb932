-- Page cursors carry a row's time to the millisecond (JavaScript's precision), while
-- PostgreSQL keeps microseconds: rows written in the same millisecond (one transaction, one
-- batch) could fall between two pages. Times that order paged lists are therefore kept to whole
-- milliseconds, new ones by default and existing ones once here; ties are broken by id.

DO $$
DECLARE
  target text[];
BEGIN
  FOREACH target SLICE 1 IN ARRAY ARRAY[
    ['posts', 'created_at'], ['comments', 'created_at'], ['notifications', 'created_at'],
    ['customers', 'created_at'], ['import_jobs', 'created_at'], ['integration_sources', 'created_at'],
    ['webhook_endpoints', 'created_at'], ['outbox_events', 'created_at'],
    ['deliveries', 'created_at'], ['webhook_events', 'received_at']]
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT date_trunc(''milliseconds'', now())',
      target[1], target[2]);
    EXECUTE format('UPDATE %I SET %I = date_trunc(''milliseconds'', %I) WHERE %I <> date_trunc(''milliseconds'', %I)',
      target[1], target[2], target[2], target[2], target[2]);
  END LOOP;
END
$$;
