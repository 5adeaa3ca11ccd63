// Which updates and deletions of any record were recorded after a moment? The cross-customer
// questions "as of" a day roll the whole portfolio back with them, newest first.
MATCH (c:Change)
WHERE c.at >= $after AND c.op IN ['update', 'delete']
RETURN collect({element: elementId(c), kind: c.kind, key: c.key, op: c.op,
                at: c.at.epochMillis, before: c.before, set: c.set}) AS changes
