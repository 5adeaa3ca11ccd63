// What does one change set say about itself, how many change records does it hold, and which
// change set undid it (if any)?
MATCH (cs:ChangeSet {id: $id})
OPTIONAL MATCH (u:ChangeSet {undoes: cs.id})
RETURN cs.id AS id, cs.at AS at, cs.who AS who, cs.via AS via, cs.what AS what,
       cs.file AS file, cs.created AS created, cs.updated AS updated, cs.deleted AS deleted,
       cs.undoes AS undoes, u.id AS undone_by, u.who AS undone_by_who, u.at AS undone_at,
       COUNT { MATCH (c:Change {set: cs.id}) } AS records
