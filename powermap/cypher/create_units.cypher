// Create departments the import knows are new, each part of its organization.
UNWIND $rows AS row
MATCH (org:Organization {id: row.organization_id})
CREATE (u:Unit {_created: $created_ms, id: row.id, name: row.name})-[:PART_OF]->(org)
WITH u, row
CALL (u, row) {
  WITH u, row
  WHERE row.parent_id IS NOT NULL
  MATCH (parent:Unit {id: row.parent_id})
  CREATE (u)-[:SUB_UNIT_OF]->(parent)
}
RETURN count(*) AS created
