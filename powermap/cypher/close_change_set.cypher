// Store how many records a change set created, updated and deleted.
MATCH (cs:ChangeSet {id: $id})
SET cs.created = $created, cs.updated = $updated, cs.deleted = $deleted
