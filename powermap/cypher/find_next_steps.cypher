// What next steps has the bid team set for an opportunity: who owns each, and by when?
MATCH (:Opportunity {id: $opportunity_id})-[:HAS_NEXT_STEP]->(n:NextStep)
OPTIONAL MATCH (n)-[:OWNED_BY]->(s:Staff)
RETURN n.key AS key, n.title AS title, n.action AS action, n.due AS due, s.id AS owner_id,
       s.name AS owner, n.set_by AS set_by, n.set_on AS set_on
ORDER BY n.due, n.key
