// Enable or disable a user's login. Disabling also kills the API token and ends every session,
// so nothing issued before stays usable after the user is enabled again.
MATCH (u:User {username: $username})
SET u.active = $active
FOREACH (_ IN CASE WHEN $active THEN [] ELSE [1] END |
  SET u.session_generation = coalesce(u.session_generation, 0) + 1
  REMOVE u.token_hash)
RETURN u.username AS username, u.active AS active
