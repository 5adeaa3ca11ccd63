// One page ($skip, $limit) of the change records of a change set, by operation, kind and key.
MATCH (c:Change {set: $id})
WITH c ORDER BY c.op, c.kind, c.key
SKIP $skip LIMIT $limit
RETURN c.op AS op, c.kind AS kind, c.key AS key, c.keys AS keys, c.ids AS ids,
       c.count AS count, c.a AS a, c.b AS b, c.fields AS fields, c.before AS before,
       c.after AS after
