// Who works at an account now, in which department, and what buying roles they hold in its
// open opportunities?
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
MATCH (p:Person)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL
OPTIONAL MATCH (p)-[mem:MEMBER_OF]->(u:Unit) WHERE mem.until IS NULL
RETURN p {.id, .name, .title, .seniority} AS person, u.name AS unit,
       // No label on o: the planner must expand from p, not look up every open opportunity.
       COLLECT { MATCH (p)-[m:IN_DECISION_CHAIN]->(o)-[:FOR_CUSTOMER]->(c) WHERE o.status = 'open'
                 RETURN {opportunity_id: o.id, roles: m.roles, stance: m.stance} } AS chains
ORDER BY p.id
