// Create or update departments, each part of one organization and optionally of a parent unit.
UNWIND $rows AS row
MATCH (org:Organization {id: row.organization_id})
MERGE (u:Unit {id: row.id})
// a node MERGE has just created holds its id only; every stored one has a name too
WITH u, org, row, CASE WHEN size(keys(u)) = 1 THEN null ELSE u {.*,
       organization_id: head([(u)-[:PART_OF]->(x) | x.id]),
       parent_id: head([(u)-[:SUB_UNIT_OF]->(x) | x.id])} END AS before
SET u.name = row.name
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET u._created = $created_ms)
WITH u, org, row, before
CALL (u, org, row) {
  OPTIONAL MATCH (u)-[old:PART_OF|SUB_UNIT_OF]->()
  DELETE old
  MERGE (u)-[:PART_OF]->(org)
  WITH u, row
  WHERE row.parent_id IS NOT NULL
  MATCH (parent:Unit {id: row.parent_id})
  MERGE (u)-[:SUB_UNIT_OF]->(parent)
}
WITH before, u {.*, organization_id: row.organization_id, parent_id: row.parent_id} AS after
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> after THEN 1 END) AS updated,
       count(*) AS written
