// Record a batch of records of one kind that a change set created: their keys, the ids they
// touch (for filtering the audit log by account) and, for small batches, their values.
CREATE (:Change {set: $set, at: $at, op: 'create', kind: $kind, count: $count, keys: $keys,
                 ids: $ids, after: $after})
