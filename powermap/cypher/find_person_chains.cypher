// Which decision chains is this person in (roles and stance per opportunity), and whom does
// this person know if they are our staff?
MATCH (p:Person {id: $person_id})
USING INDEX SEEK p:Person(id)
RETURN COLLECT { MATCH (p)-[r:IN_DECISION_CHAIN]->(o)-[:FOR_CUSTOMER]->(c)
                 RETURN {opportunity_id: o.id, opportunity: o.name, status: o.status,
                         customer: c.name, roles: r.roles, stance: r.stance,
                         source: r.source, as_of: r.as_of} ORDER BY o.id } AS chains,
       COLLECT { MATCH (p)-[k:KNOWS]->(x:Person)
                 RETURN {person_id: x.id, name: x.name, strength: k.strength, source: k.source,
                         as_of: k.as_of} ORDER BY k.strength DESC, x.name } AS knows,
       COLLECT { MATCH (p)-[i:INFLUENCES]-(x:Person)
                 RETURN {person_id: x.id, name: x.name, strength: i.strength, kind: i.kind,
                         direction: CASE WHEN startNode(i) = p THEN 'influences' ELSE 'influenced by' END}
                 ORDER BY x.name } AS influence
