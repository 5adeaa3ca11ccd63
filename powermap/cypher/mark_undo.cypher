// Say which change set an undo change set undoes (undoing one twice is refused by this).
MATCH (cs:ChangeSet {id: $id})
SET cs.undoes = $undoes
