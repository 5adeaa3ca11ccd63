// A person's buying roles and stance in one opportunity (none when not in its chain).
MATCH (p:Person {id: $person_id})-[r:IN_DECISION_CHAIN]->(o:Opportunity {id: $opportunity_id})
RETURN r.roles AS roles, r.stance AS stance, r._created AS _created
