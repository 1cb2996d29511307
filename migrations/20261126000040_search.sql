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

-- `#tag` within one person's tasks (the GIN index of 000010 spans everyone's).
CREATE INDEX tasks_user_tags_idx ON tasks USING GIN (user_id, tags);

-- Sorted pages over all of a person's tasks (the status filter unset): the
-- indexes of 000010 lead with `completed`, which only serves one status at a
-- time. These let "the first 100 by due / priority / title" stop after 100 rows.
CREATE INDEX tasks_user_all_due_idx ON tasks (user_id, due_at, number);
CREATE INDEX tasks_user_all_priority_idx ON tasks (user_id, priority DESC, number);
CREATE INDEX tasks_user_title_idx ON tasks (user_id, lower(title), number);
