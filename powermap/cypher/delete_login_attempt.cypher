// A login succeeded: take its attempt back from the address, forget the user name's failures,
// and delete counters that no longer count for anything (no attempt inside the window, no
// lock running).
MATCH (t:LoginThrottle)
WHERE t.key IN $keys
SET t.failures = [f IN coalesce(t.failures, []) WHERE f <> $stamp]
WITH collect(t) AS counted
FOREACH (t IN [c IN counted WHERE c.key = $user_key] | DELETE t)
WITH 1 AS one
MATCH (old:LoginThrottle)
WHERE old.last_attempt < $now - $window_ms AND coalesce(old.locked_until, 0) < $now
WITH old LIMIT 1000
DELETE old
RETURN count(*) AS deleted
