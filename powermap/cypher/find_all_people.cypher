// Every person, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (p:Person)
RETURN p._created AS _created,
       p.id AS id, p.name AS name, p.title AS title, p.seniority AS seniority, p.email AS email,
       p.linkedin_url AS linkedin_url, p.team_role AS team_role, p.notes AS notes
ORDER BY id
