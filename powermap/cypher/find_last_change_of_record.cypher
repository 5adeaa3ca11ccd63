// Who last changed a record, and when: the latest update or deletion history holds for it
// (found by its first id, its kinds and, when given, its key), and the change set that
// created it, found by the record's creation stamp (milliseconds, which may be rounded either
// way, so the closest change set within a millisecond; 0: none). The caller takes the later of
// the two.
OPTIONAL MATCH (c:Change {a: $a})
WHERE c.kind IN $kinds AND ($key IS NULL OR c.key = $key) AND c.op IN ['update', 'delete']
WITH c ORDER BY c.at DESC LIMIT 1
OPTIONAL MATCH (u:ChangeSet {id: c.set})
OPTIONAL CALL (c) {
  MATCH (n:ChangeSet)
  WHERE n.at >= datetime({epochMillis: $created_ms - 1})
    AND n.at < datetime({epochMillis: $created_ms + 1})
  RETURN n ORDER BY abs(n.at.epochMillis - $created_ms) LIMIT 1
}
RETURN u.who AS updated_by, u.at AS updated_at, n.who AS created_by, n.at AS created_at
