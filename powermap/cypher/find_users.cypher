// Every user of the web app, for the admin page.
MATCH (u:User)
RETURN u.username AS username, u.role AS role, u.active AS active,
       u.token_hash IS NOT NULL AS has_token, toString(u.created_at) AS created_at,
       coalesce(u.lang, '') AS lang
ORDER BY username
