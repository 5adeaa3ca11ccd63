// Which of these login keys (a user name, an address) are locked after too many failures,
// and for how many more milliseconds?
MATCH (t:LoginThrottle)
WHERE t.key IN $keys AND t.locked_until > timestamp()
RETURN t.key AS key, t.locked_until - timestamp() AS remaining_ms
