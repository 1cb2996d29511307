WITH claim AS (
    INSERT INTO processed_updates (platform, update_id)
    SELECT $1, $3 WHERE $3::text IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING 1
), account AS (
    SELECT user_id FROM linked_accounts WHERE platform = $1 AND platform_user_id = $2
), touch AS (
    -- Where reminders go by default (the account written from last),
    -- and writing again makes a blocked-then-unblocked chat reachable.
    -- At most once a minute per account, to keep the hot path light.
    UPDATE linked_accounts SET last_active_at = now(), reminders_unreachable_at = NULL
    WHERE platform = $1 AND platform_user_id = $2
      AND (last_active_at IS NULL OR last_active_at < now() - interval '1 minute'
           OR reminders_unreachable_at IS NOT NULL)
), fresh AS (
    SELECT ($3::text IS NULL OR EXISTS (SELECT 1 FROM claim)) AS fresh
), hit AS (
    INSERT INTO rate_limits (key, window_start, count)
    SELECT 'chat:' || user_id, now(), 1 FROM account
    WHERE $5::int8 > 0 AND (SELECT fresh FROM fresh)
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $6)
                     THEN 1 ELSE rate_limits.count + 1 END,
        window_start = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $6)
                            THEN now() ELSE rate_limits.window_start END
    RETURNING count,
        EXTRACT(EPOCH FROM (window_start + make_interval(secs => $6) - now()))::float8 AS retry_after
), hold AS (
    INSERT INTO turn_locks (user_id, holder, until)
    SELECT user_id, $7, now() + make_interval(secs => $8) FROM account
    WHERE $7::text IS NOT NULL AND (SELECT fresh FROM fresh)
      AND NOT EXISTS (SELECT 1 FROM hit WHERE count > $5)
    ON CONFLICT (user_id) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
    WHERE turn_locks.until < now() OR turn_locks.holder = EXCLUDED.holder
    RETURNING 1
)
SELECT
    (SELECT fresh FROM fresh) AS "fresh!",
    (SELECT user_id FROM account) AS user_id,
    (SELECT conversation_id FROM chat_conversations
     WHERE platform = $1 AND chat_id = $4 AND user_id = (SELECT user_id FROM account)) AS conversation_id,
    (SELECT timezone FROM users WHERE id = (SELECT user_id FROM account)) AS timezone,
    (SELECT count FROM hit) AS hits,
    (SELECT retry_after FROM hit) AS retry_after,
    EXISTS (SELECT 1 FROM hold) AS "locked!"
