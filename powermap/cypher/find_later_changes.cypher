// Which changes made after a change set touched records of these ids? They may have changed
// what an undo would set back (the caller compares kinds, keys and fields).
CALL () {
  UNWIND $ids AS id
  MATCH (c:Change {a: id})
  WHERE c.at > $at AND c.set <> $set
  RETURN c
  UNION
  MATCH (c:Change {op: 'create'})
  WHERE c.at > $at AND c.set <> $set AND any(i IN c.ids WHERE i IN $ids)
  RETURN c
}
MATCH (cs:ChangeSet {id: c.set})
RETURN c.set AS set, c.op AS op, c.kind AS kind, c.key AS key, c.keys AS keys,
       c.fields AS fields, c.at AS at, cs.who AS who, cs.what AS what
ORDER BY c.at
