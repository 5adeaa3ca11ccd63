// Which updates and deletions of records touching these ids (either end) were recorded after a
// moment? "As of" a day rolls them back, newest first.
CALL () {
  UNWIND $ids AS id
  MATCH (c:Change {a: id})
  WHERE c.at >= $after AND c.op IN ['update', 'delete']
  RETURN c
  UNION
  UNWIND $ids AS id
  MATCH (c:Change {b: id})
  WHERE c.at >= $after AND c.op IN ['update', 'delete']
  RETURN c
}
RETURN elementId(c) AS element, c.kind AS kind, c.key AS key, c.op AS op, c.at AS at,
       c.before AS before, c.set AS set
