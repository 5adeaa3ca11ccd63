// Whose API token is this (by its SHA-256)?
MATCH (u:User {token_hash: $token_hash})
WHERE u.active
RETURN u.username AS username, u.role AS role, coalesce(u.lang, '') AS lang
