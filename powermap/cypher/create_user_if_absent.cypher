// Create a user unless one of that name exists; an existing one is left exactly as it is.
MERGE (u:User {username: $username})
ON CREATE SET u.role = $role, u.password_hash = $password_hash, u.active = true,
              u.created_at = datetime(), u.session_generation = 1, u.just_created = true
WITH u, u.just_created IS NOT NULL AS created
REMOVE u.just_created
RETURN u.username AS username, u.role AS role, u.active AS active, created
