-- A member's own paid post (declared, or an affiliate link) is labelled "Sponsored" without
-- naming the retailer, who is not its sponsor: a label needs `sponsored`, not the reverse.
ALTER TABLE posts DROP CONSTRAINT posts_sponsor_label_check;
ALTER TABLE posts ADD CONSTRAINT posts_sponsor_label_check
  CHECK (sponsor_label IS NULL OR sponsored);
