// Record organizational relationships: agreements, joint labs, partnerships.
UNWIND $rows AS row
MATCH (a:Organization {id: row.from_id}), (b:Organization {id: row.to_id})
MERGE (a)-[t:ORG_TIE {kind: row.kind}]->(b)
SET t.since = row.since, t.until = row.until
