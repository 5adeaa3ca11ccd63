// Who works at an account now, in which department, and to whom do they report? (The formal
// structure the broker analysis joins with the influence network.) One row: the list `people`,
// in id order.
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
MATCH (p:Person)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL
WITH p ORDER BY p.id
// one row holding the list (the driver decodes it in one go, not one message per person)
RETURN collect({id: p.id, name: p.name, seniority: p.seniority,
                unit: COLLECT { MATCH (p)-[mem:MEMBER_OF]->(u:Unit) WHERE mem.until IS NULL
                                RETURN u.name ORDER BY u.name LIMIT 1 }[0],
                managers: COLLECT { MATCH (p)-[:REPORTS_TO]->(m:Person)
                                    RETURN m.id ORDER BY m.id }}) AS people
