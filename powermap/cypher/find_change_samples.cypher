// Which records did each of these change sets touch? The first few change records of each, so
// the audit log can say "stance of Sanne Jansen → Clinical cloud platform" without opening it.
UNWIND $ids AS id
CALL (id) {
  MATCH (c:Change {set: id})
  WITH c ORDER BY c.op, c.kind, c.key
  LIMIT $per_set
  RETURN collect(c {.op, .kind, .key, .keys, .fields, .count}) AS sample
}
RETURN id, sample
