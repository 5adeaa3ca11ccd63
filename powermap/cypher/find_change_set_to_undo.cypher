// What does one change set say about itself (who, when, through what, counts), and was it
// undone already? Taking its write lock first makes two undos of it wait for each other.
MATCH (cs:ChangeSet {id: $id})
SET cs._undo_lock = true
REMOVE cs._undo_lock
WITH cs
OPTIONAL MATCH (u:ChangeSet {undoes: cs.id})
RETURN cs.id AS id, cs.at AS at, cs.who AS who, cs.via AS via, cs.what AS what,
       cs.file AS file, cs.undoes AS undoes, u.id AS undone_by, u.who AS undone_by_who,
       u.at AS undone_at
