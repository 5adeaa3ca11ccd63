// Create or update departments, each part of one organization and optionally of a parent unit.
UNWIND $rows AS row
MATCH (org:Organization {id: row.organization_id})
MERGE (u:Unit {id: row.id})
SET u.name = row.name
WITH u, org, row
OPTIONAL MATCH (u)-[old:PART_OF|SUB_UNIT_OF]->()
DELETE old
MERGE (u)-[:PART_OF]->(org)
WITH u, row
WHERE row.parent_id IS NOT NULL
MATCH (parent:Unit {id: row.parent_id})
MERGE (u)-[:SUB_UNIT_OF]->(parent)
