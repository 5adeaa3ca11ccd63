// Create or update activities with their attendees and, optionally, their opportunity.
UNWIND $rows AS row
MERGE (a:Activity {id: row.id})
// a node MERGE has just created holds its id only; every stored one has a subject too
WITH a, row, CASE WHEN size(keys(a)) = 1 THEN null ELSE a {.*,
       opportunity_id: head([(a)-[:ABOUT]->(x) | x.id]),
       attendees: COLLECT { MATCH (x:Person)-[:ATTENDED]->(a) RETURN x.id ORDER BY x.id }} END
     AS before
SET a.kind = row.kind, a.date = row.date, a.subject = row.subject, a.notes = row.notes
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET a._created = $created_ms)
WITH a, row, before
CALL (a, row) {
  OPTIONAL MATCH (a)-[old_about:ABOUT]->()
  DELETE old_about
}
CALL (a, row) {
  OPTIONAL MATCH (gone:Person)-[old:ATTENDED]->(a) WHERE NOT gone.id IN row.attendee_ids
  DELETE old
}
CALL (a, row) {
  UNWIND row.attendee_ids AS attendee_id
  MATCH (p:Person {id: attendee_id})
  MERGE (p)-[:ATTENDED]->(a)
}
CALL (a, row) {
  WITH a, row
  WHERE row.opportunity_id IS NOT NULL
  MATCH (o:Opportunity {id: row.opportunity_id})
  MERGE (a)-[:ABOUT]->(o)
}
WITH before, a {.*, opportunity_id: row.opportunity_id,
       attendees: COLLECT { MATCH (x:Person)-[:ATTENDED]->(a) RETURN x.id ORDER BY x.id }} AS after
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> after THEN 1 END) AS updated,
       count(*) AS written
