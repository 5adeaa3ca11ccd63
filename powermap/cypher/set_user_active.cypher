// Enable or disable a user's login and token.
MATCH (u:User {username: $username})
SET u.active = $active
RETURN u.username AS username, u.active AS active
