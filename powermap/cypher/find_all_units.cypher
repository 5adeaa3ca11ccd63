// Every department with its organization and parent, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (u:Unit)-[:PART_OF]->(o:Organization)
OPTIONAL MATCH (u)-[:SUB_UNIT_OF]->(parent:Unit)
RETURN u._created AS _created,
       u.id AS id, u.name AS name, o.id AS organization_id, parent.id AS parent_id
ORDER BY id
