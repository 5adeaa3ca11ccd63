// Set who owns one next step of an opportunity and by when it is due (one step per finding
// key), keeping the action it was set for; the owner is one of our staff.
MATCH (o:Opportunity {id: $opportunity_id}), (s:Staff {id: $owner_id})
// lock the opportunity first, so two editors setting the same step cannot create it twice
SET o.edit_lock_ = true
REMOVE o.edit_lock_
WITH o, s
MERGE (o)-[:HAS_NEXT_STEP]->(n:NextStep {key: $key})
ON CREATE SET n.created_on = datetime()
SET n.action = $action, n.title = $title, n.due = date($due), n.set_by = $username,
    n.set_on = datetime()
WITH n, s
OPTIONAL MATCH (n)-[old:OWNED_BY]->()
DELETE old
WITH DISTINCT n, s
MERGE (n)-[:OWNED_BY]->(s)
RETURN n.key AS key, n.title AS title, n.action AS action, n.due AS due, s.id AS owner_id,
       s.name AS owner, n.set_by AS set_by, n.set_on AS set_on
