// What refers to these nodes (by kind: $people, $organizations, …)? An undo deletes a node it
// created only when nothing else does; the caller leaves out the node's own edges (a unit's
// PART_OF, an opportunity's FOR_CUSTOMER, an activity's ABOUT and ATTENDED).
CALL () {
  UNWIND $organizations AS id MATCH (x:Organization {id: id}) RETURN x, 'organizations' AS kind
  UNION
  UNWIND $units AS id MATCH (x:Unit {id: id}) RETURN x, 'units' AS kind
  UNION
  UNWIND $people AS id MATCH (x:Person {id: id}) RETURN x, 'people' AS kind
  UNION
  UNWIND $opportunities AS id MATCH (x:Opportunity {id: id}) RETURN x, 'opportunities' AS kind
  UNION
  UNWIND $activities AS id MATCH (x:Activity {id: id}) RETURN x, 'activities' AS kind
}
MATCH (x)-[r]-(other)
RETURN kind, x.id AS id, type(r) AS type, startNode(r) = x AS outgoing, other.id AS other_id,
       coalesce(other.name, other.subject, other.id) AS other_name
ORDER BY kind, id, type, other_id
