// Which updates and deletions of records touching these ids were recorded after a moment?
// $ids: found by either end (a or b); $own_ids: only records that are, or are about, the id
// itself (a) — our staff and other organizations, whose b side spans the whole portfolio.
// "As of" a day rolls them back, newest first.
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
  UNION
  UNWIND $own_ids AS id
  MATCH (c:Change {a: id})
  WHERE c.at >= $after AND c.op IN ['update', 'delete']
  RETURN c
}
RETURN elementId(c) AS element, c.kind AS kind, c.key AS key, c.op AS op,
       c.at.epochMillis AS at,
       c.before AS before, c.set AS set
