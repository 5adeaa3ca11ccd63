// Count a failed login against each key (a user name, an address): failures older than the
// window are forgotten; the failure that reaches the limit locks the key for a while. Which
// keys did this failure lock?
UNWIND $keys AS key
MERGE (t:LoginThrottle {key: key})
WITH t, timestamp() AS now
WITH t, now, [f IN coalesce(t.failures, []) WHERE f > now - $window_ms] + now AS failures
WITH t, now, failures, size(failures) >= $max_failures AS locks
SET t.failures = CASE WHEN locks THEN [] ELSE failures END,
    t.locked_until = CASE WHEN locks THEN now + $lockout_ms ELSE t.locked_until END,
    t.last_failure = now
RETURN t.key AS key, locks AS locked
