// What are the names of these ids (people, organizations, units, opportunities, activities),
// for showing records by name in the audit log?
CALL () {
  UNWIND $ids AS id MATCH (n:Person {id: id}) RETURN n.id AS id, n.name AS name
  UNION
  UNWIND $ids AS id MATCH (n:Organization {id: id}) RETURN n.id AS id, n.name AS name
  UNION
  UNWIND $ids AS id MATCH (n:Opportunity {id: id}) RETURN n.id AS id, n.name AS name
  UNION
  UNWIND $ids AS id MATCH (n:Unit {id: id}) RETURN n.id AS id, n.name AS name
  UNION
  UNWIND $ids AS id MATCH (n:Activity {id: id}) RETURN n.id AS id, n.subject AS name
}
RETURN id, name
