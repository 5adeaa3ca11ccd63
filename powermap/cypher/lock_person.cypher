// Take the write lock on a person before checking and changing what hangs off them, so two
// edits of one person take turns; answers nothing when there is no such person.
MATCH (p:Person {id: $person_id})
SET p.edit_lock_ = true
REMOVE p.edit_lock_
RETURN p.id AS id
