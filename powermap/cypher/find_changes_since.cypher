// Which updates and deletions touched records of these ids after a moment (the export stamp of
// a file being imported), and who made them?
UNWIND $ids AS id
MATCH (c:Change {a: id})
WHERE c.at > $since AND c.op IN ['update', 'delete']
MATCH (cs:ChangeSet {id: c.set})
RETURN c.kind AS kind, c.key AS key, c.op AS op, c.fields AS fields, c.at AS at, c.set AS set,
       cs.who AS who
ORDER BY c.at
