// Who supports us in one deal and opposes us in another?
MATCH (p:Person)-[m1:IN_DECISION_CHAIN]->(o1:Opportunity)
WHERE m1.stance IN ['champion', 'supporter']
MATCH (p)-[m2:IN_DECISION_CHAIN]->(o2:Opportunity)
WHERE m2.stance IN ['skeptic', 'opponent']
RETURN p {.id, .name, .title} AS person,
       o1 {.id, .name, stance: m1.stance, as_of: m1.as_of} AS supports_in,
       o2 {.id, .name, stance: m2.stance, as_of: m2.as_of} AS opposes_in,
       m1.stance = 'champion' AND m2.stance = 'opponent' AS strong
ORDER BY strong DESC, p.name
