// The people records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (p:Person {id: k.a})
RETURN p._created AS _created, p.id AS id, p.name AS name, p.title AS title, p.seniority AS seniority, p.email AS email,
       p.linkedin_url AS linkedin_url, p.team_role AS team_role, p.notes AS notes
