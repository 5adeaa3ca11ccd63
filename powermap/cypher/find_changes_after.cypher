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
// one row holding them all: one Bolt message instead of one per change
RETURN collect({element: elementId(c), kind: c.kind, key: c.key, op: c.op,
                at: c.at.epochMillis, before: c.before, set: c.set}) AS changes
