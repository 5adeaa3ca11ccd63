// End every session of a user (logout): a session cookie carries the generation it was
// issued under, and only the current one is accepted.
MATCH (u:User {username: $username})
SET u.session_generation = coalesce(u.session_generation, 0) + 1
RETURN u.session_generation AS session_generation
