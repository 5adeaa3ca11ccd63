// The reporting lines among the people who work at an account now (the org chart of its map).
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
MATCH (p:Person)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL
MATCH (p)-[:REPORTS_TO]->(m:Person)
RETURN p.id AS person_id, m.id AS manager_id
ORDER BY person_id
