-- The plain text of each post (Markdown stripped), for search snippets that show words, not
-- Markdown syntax. Filled on write; existing posts start from their excerpt.
ALTER TABLE posts ADD COLUMN body_text text NOT NULL DEFAULT '';
UPDATE posts SET body_text = excerpt;
