// Who is this user (for login and sessions)?
MATCH (u:User {username: $username})
RETURN u.username AS username, u.role AS role, u.password_hash AS password_hash,
       u.active AS active, coalesce(u.session_generation, 0) AS session_generation,
       coalesce(u.lang, '') AS lang
