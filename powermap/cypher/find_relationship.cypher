// A staff member's relationship strength to a person.
MATCH (s:Staff {id: $staff_id})-[r:KNOWS]->(p:Person {id: $person_id})
RETURN r.strength AS strength, r._created AS _created
