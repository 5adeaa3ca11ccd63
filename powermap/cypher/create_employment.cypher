// Create employments of people the import creates (they cannot have any yet).
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (o:Organization {id: row.organization_id})
CREATE (p)-[:WORKS_FOR {_created: $created_ms, key: row.key, title: row.title, since: row.since, until: row.until,
                        unit_id: row.unit_id}]->(o)
WITH p, row
CALL (p, row) {
  WITH p, row
  WHERE row.unit_id IS NOT NULL
  MATCH (u:Unit {id: row.unit_id})
  CREATE (p)-[:MEMBER_OF {key: row.key, since: row.since, until: row.until}]->(u)
}
RETURN count(*) AS created
