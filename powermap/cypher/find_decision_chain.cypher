// Who is in the decision chain of an opportunity: roles, stance, employers past and present,
// favors, and which of our current staff cover them (with the last activity shared)?
MATCH (o:Opportunity {id: $opportunity_id})-[:FOR_CUSTOMER]->(c:Organization)
USING INDEX SEEK o:Opportunity(id)
MATCH (p:Person)-[m:IN_DECISION_CHAIN]->(o)
RETURN p {.id, .name, .title, .seniority} AS person,
       m.roles AS roles, m.stance AS stance,
       m {.source, .confidence, .as_of} AS recorded,
       EXISTS { (p)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL } AS works_at_customer,
       EXISTS { (p)-[w:WORKS_FOR]->(c) WHERE w.until IS NOT NULL } AS worked_at_customer
