-- Disclosure on community posts (docs/DISCLOSURE.md, COMPLIANCE.md DISC-01, DISC-09): the
-- author's "contains paid or sponsored content" declaration (DSA 26(2)), whether the post shows
-- the "Sponsored" badge and for whom, and the disclosure check made on the last create or edit,
-- kept for audit: its decision, the rule ids that passed and failed, and the hash of the text
-- it read.
ALTER TABLE posts
  ADD COLUMN paid_declared boolean NOT NULL DEFAULT false,
  -- declared, or a DISC-01 trigger held for the author when the post was last written
  ADD COLUMN sponsored boolean NOT NULL DEFAULT false,
  -- the brand named in the badge ("Sponsored · <brand>"); set exactly when sponsored
  ADD COLUMN sponsor_label text,
  ADD COLUMN disclosure_decision text
    CHECK (disclosure_decision IN ('ok', 'needs_fix', 'review')),
  -- {"triggers": [...], "passed": [rule ids], "failed": [rule ids]}
  ADD COLUMN disclosure_rules jsonb,
  ADD COLUMN disclosure_text_sha256 text,
  ADD COLUMN disclosure_checked_at timestamptz,
  ADD CONSTRAINT posts_sponsor_label_check CHECK (sponsored = (sponsor_label IS NOT NULL)),
  -- a check is stored whole or not at all (posts written before this migration have none)
  ADD CONSTRAINT posts_disclosure_check_whole CHECK (
    (disclosure_decision IS NULL) = (disclosure_rules IS NULL)
    AND (disclosure_decision IS NULL) = (disclosure_text_sha256 IS NULL)
    AND (disclosure_decision IS NULL) = (disclosure_checked_at IS NULL));
