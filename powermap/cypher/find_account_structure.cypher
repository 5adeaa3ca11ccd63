// Who works at an account now, in which department, and to whom do they report? (The formal
// structure the broker analysis joins with the influence network.)
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
MATCH (p:Person)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL
RETURN p.id AS id, p.name AS name, p.seniority AS seniority,
       COLLECT { MATCH (p)-[mem:MEMBER_OF]->(u:Unit) WHERE mem.until IS NULL
                 RETURN u.name ORDER BY u.name LIMIT 1 }[0] AS unit,
       COLLECT { MATCH (p)-[:REPORTS_TO]->(m:Person) RETURN m.id ORDER BY m.id } AS managers
ORDER BY id
