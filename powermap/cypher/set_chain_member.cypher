// Set a person's buying roles and stance in one opportunity, unless someone changed them since
// the editor read them ($expected: the roles and stance they saw; null when there was none).
// Locking the opportunity first makes concurrent edits of one chain take turns.
MATCH (p:Person {id: $person_id}), (o:Opportunity {id: $opportunity_id})
SET o.edit_lock_ = true
REMOVE o.edit_lock_
WITH p, o
OPTIONAL MATCH (p)-[old:IN_DECISION_CHAIN]->(o)
WITH p, o, old, properties(old) AS before
WHERE ($expected IS NULL AND old IS NULL)
   OR (old IS NOT NULL AND $expected IS NOT NULL
       AND old.roles = $expected.roles
       AND coalesce(old.stance, '') = coalesce($expected.stance, ''))
MERGE (p)-[r:IN_DECISION_CHAIN]->(o)
SET r.roles = $roles, r.stance = $stance, r.source = $source, r.confidence = 1.0,
    r.as_of = date()
// the first write of an edge records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN r.roles AS roles, r.stance AS stance,
       before, properties(r) AS after
