// Take the write lock on an opportunity before checking and changing its decision chain, so
// two edits of one chain take turns; answers nothing when there is no such opportunity.
MATCH (o:Opportunity {id: $opportunity_id})
SET o.edit_lock_ = true
REMOVE o.edit_lock_
RETURN o.id AS id, COLLECT { MATCH (o)-[:FOR_CUSTOMER]->(c) RETURN c.id }[0] AS customer_id
