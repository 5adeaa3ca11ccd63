// Who are our staff (for pickers in the web app)?
MATCH (s:Staff)
RETURN s.id AS id, s.name AS name, s.team_role AS team_role
ORDER BY name
LIMIT 1000
