// Who in our company knows anyone at this organization, and how well?
MATCH (o:Organization {id: $organization_id})
USING INDEX SEEK o:Organization(id)
MATCH (p:Person)-[w:WORKS_FOR]->(o) WHERE w.until IS NULL
MATCH (s:Staff)-[k:KNOWS]->(p)
WHERE EXISTS { (s)-[ws:WORKS_FOR]->(us) WHERE ws.until IS NULL AND us.kind = 'own' }
WITH s, collect(p {.id, .name, .title, strength: k.strength, as_of: k.as_of}) AS people,
     max(k.strength) AS best
RETURN s {.id, .name, .team_role} AS staff, best, people
ORDER BY best DESC, size(people) DESC, staff.name
