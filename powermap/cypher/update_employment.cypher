// Change one current employment (the person, organization and start-date key stay): its
// title, department and end. The department is also a MEMBER_OF edge with the same key: an
// edge to another department is removed, the one to the new department is made, and it ends
// when the employment does.
MATCH (p:Person {id: $person_id})-[w:WORKS_FOR {key: $key}]->(o:Organization {id: $organization_id})
SET w.title = $title, w.unit_id = $unit_id, w.until = $until
WITH p, w
CALL (p, w) {
  MATCH (p)-[m:MEMBER_OF {key: w.key}]->(u:Unit)
  WHERE w.unit_id IS NULL OR u.id <> w.unit_id
  DELETE m
}
CALL (p, w) {
  MATCH (u:Unit {id: w.unit_id})
  MERGE (p)-[m:MEMBER_OF {key: w.key}]->(u)
  SET m.since = w.since, m.until = w.until
}
RETURN count(*) AS updated
