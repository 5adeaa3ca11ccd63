// Record our staff's relationships to people (coverage), strength 0–5.
UNWIND $rows AS row
MATCH (s:Staff {id: row.staff_id}), (p:Person {id: row.person_id})
OPTIONAL MATCH (s)-[old:KNOWS]->(p)
WITH s, p, row, properties(old) AS before
MERGE (s)-[r:KNOWS]->(p)
SET r.strength = row.strength, r.note = row.note,
    r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(r) THEN 1 END) AS updated,
       count(*) AS written
