// The influence edge A→B, if there is one.
MATCH (a:Person {id: $from_id})-[r:INFLUENCES]->(b:Person {id: $to_id})
RETURN r.strength AS strength, r.kind AS kind, r._created AS _created
