// Who works at an account now, in which department, and what buying roles they hold in its
// open opportunities? One row: the list `people`, in id order.
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
MATCH (p:Person)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL
OPTIONAL MATCH (p)-[mem:MEMBER_OF]->(u:Unit) WHERE mem.until IS NULL
WITH c, p, u ORDER BY p.id
// one row holding the list (the driver decodes it in one go, not one message per person)
RETURN collect({person: p {.id, .name, .title, .seniority}, unit: u.name,
       // No label on o: the planner must expand from p, not look up every open opportunity.
       chains: COLLECT { MATCH (p)-[m:IN_DECISION_CHAIN]->(o)-[:FOR_CUSTOMER]->(c)
                         WHERE o.status = 'open'
                         RETURN {opportunity_id: o.id, roles: m.roles, stance: m.stance} }}) AS people
