// What a person's department and manager can be chosen from: the departments of one
// organization and the other people who work there now.
MATCH (o:Organization {id: $organization_id})
USING INDEX SEEK o:Organization(id)
RETURN COLLECT { MATCH (u:Unit)-[:PART_OF]->(o) RETURN {id: u.id, name: u.name}
                 ORDER BY u.name, u.id } AS units,
       COLLECT { MATCH (q:Person)-[w:WORKS_FOR]->(o) WHERE w.until IS NULL AND q.id <> $person_id
                 WITH DISTINCT q ORDER BY q.name, q.id
                 RETURN {id: q.id, name: q.name, title: q.title} } AS people
