// Set the language a user reads Powermap in ("" = follow the browser).
MATCH (u:User {username: $username})
SET u.lang = $lang
RETURN u.username AS username, u.lang AS lang
