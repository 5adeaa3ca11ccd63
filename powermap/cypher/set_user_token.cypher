// Give a user a new API token (only its SHA-256 is stored); the old one stops working.
MATCH (u:User {username: $username})
SET u.token_hash = $token_hash
RETURN u.username AS username
