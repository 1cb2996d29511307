-- Search in the task list (issue 10): `q` matches title and description,
-- case-insensitively, anywhere in the text (`ILIKE '%word%'`). A trigram GIN
-- index answers that without reading every task; with btree_gin the person's
-- id is a column of the same index, so a search touches only their tasks.
-- Both extensions are "trusted": the database owner may create them.
-- Append-only: change it with a new migration, never by editing this one.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- The expression must stay exactly as `tasks::query` writes it.
CREATE INDEX tasks_search_idx ON tasks
    USING GIN (user_id, (title || ' ' || COALESCE(description, '')) gin_trgm_ops);
