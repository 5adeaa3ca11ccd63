// Record organizational relationships: agreements, joint labs, partnerships.
UNWIND $rows AS row
MATCH (a:Organization {id: row.from_id}), (b:Organization {id: row.to_id})
OPTIONAL MATCH (a)-[old:ORG_TIE {kind: row.kind}]->(b)
WITH a, b, row, properties(old) AS before
MERGE (a)-[r:ORG_TIE {kind: row.kind}]->(b)
SET r.since = row.since, r.until = row.until
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(r) THEN 1 END) AS updated,
       count(*) AS written
