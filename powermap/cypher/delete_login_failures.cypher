// Forget a user name's failed logins after a successful one, and throttle records that no
// longer count for anything (no failure inside the window, no lock running).
OPTIONAL MATCH (t:LoginThrottle {key: $key})
DELETE t
WITH count(*) AS _
MATCH (old:LoginThrottle)
WHERE old.last_failure < timestamp() - $window_ms AND coalesce(old.locked_until, 0) < timestamp()
WITH old LIMIT 1000
DELETE old
RETURN count(*) AS deleted
