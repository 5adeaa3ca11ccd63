// Every department with its organization and parent, for the native export.
MATCH (u:Unit)-[:PART_OF]->(o:Organization)
OPTIONAL MATCH (u)-[:SUB_UNIT_OF]->(parent:Unit)
RETURN u.id AS id, u.name AS name, o.id AS organization_id, parent.id AS parent_id
ORDER BY id
