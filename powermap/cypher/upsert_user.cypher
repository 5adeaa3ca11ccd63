// Create a user, or change the role and password of one.
MERGE (u:User {username: $username})
SET u.role = $role, u.password_hash = $password_hash, u.active = true,
    u.created_at = coalesce(u.created_at, datetime())
RETURN u.username AS username, u.role AS role
