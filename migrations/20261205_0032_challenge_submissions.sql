-- Content is submitted for a challenge as well as for an ambassador program (docs/CONTENT.md):
-- a submission belongs to exactly one of them. Challenge submissions use the default review
-- settings.
ALTER TABLE content_submissions ALTER COLUMN program_id DROP NOT NULL;
ALTER TABLE content_submissions
  ADD COLUMN challenge_id uuid REFERENCES challenges(id) ON DELETE CASCADE,
  ADD CONSTRAINT content_submissions_one_source
    CHECK ((program_id IS NULL) <> (challenge_id IS NULL));
CREATE INDEX content_submissions_challenge_idx ON content_submissions (challenge_id)
  WHERE challenge_id IS NOT NULL;
