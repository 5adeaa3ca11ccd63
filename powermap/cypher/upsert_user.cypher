// Create a user, or change the role and password of one. A reset never enables a disabled
// user; it kills the user's API token and ends every session (the generation moves on).
MERGE (u:User {username: $username})
ON CREATE SET u.active = true, u.created_at = datetime()
SET u.role = $role, u.password_hash = $password_hash,
    u.session_generation = coalesce(u.session_generation, 0) + 1
REMOVE u.token_hash
RETURN u.username AS username, u.role AS role, u.active AS active
