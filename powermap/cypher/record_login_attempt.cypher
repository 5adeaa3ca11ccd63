// Count a login attempt against each key (a user name, an address) before its password is
// checked, so parallel guesses cannot slip past the limit; a success takes it back. Which keys
// are locked, which did this attempt lock, and for how many more milliseconds?
UNWIND $keys AS key
MERGE (t:LoginThrottle {key: key})
// the write lock first: attempts on one key queue here and each sees the others' counts
SET t.last_attempt = $now
WITH t, coalesce(t.locked_until, 0) > $now AS was_locked,
     [f IN coalesce(t.failures, []) WHERE f > $now - $window_ms] AS recent
WITH t, was_locked, recent, NOT was_locked AND size(recent) >= $max_failures AS locks
SET t.failures = CASE WHEN was_locked THEN t.failures WHEN locks THEN [] ELSE recent + $stamp END,
    t.locked_until = CASE WHEN locks THEN $now + $lockout_ms ELSE t.locked_until END
RETURN t.key AS key, was_locked OR locks AS locked, locks AS just_locked,
       CASE WHEN was_locked OR locks THEN t.locked_until - $now END AS remaining_ms
