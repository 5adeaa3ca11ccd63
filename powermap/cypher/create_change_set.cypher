// Open a change set: one import, edit or undo, with who did it, when and through what.
CREATE (:ChangeSet {id: $id, at: $at, who: $who, via: $via, what: $what, file: $file})
