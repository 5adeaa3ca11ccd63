// Record updates or deletions of one change set: one node per record, found again by the ids
// of its ends (a, b) and its time.
UNWIND $changes AS c
CREATE (:Change {set: $set, at: $at, op: $op, kind: c.kind, key: c.key, a: c.a, b: c.b,
                 fields: c.fields, before: c.before, after: c.after})
