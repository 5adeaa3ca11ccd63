// Which open opportunities does this person touch: as a decision-chain member, or as our staff
// member with a relationship to one?
MATCH (x:Person {id: $person_id})
USING INDEX SEEK x:Person(id)
CALL (x) {
  MATCH (x)-[:IN_DECISION_CHAIN]->(o) WHERE o.status = 'open'
  RETURN o
  UNION
  MATCH (x)-[:KNOWS]->(:Person)-[:IN_DECISION_CHAIN]->(o) WHERE o.status = 'open'
  RETURN o
}
RETURN DISTINCT o.id AS id ORDER BY id
