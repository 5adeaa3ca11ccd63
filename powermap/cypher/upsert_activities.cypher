// Create or update activities with their attendees and, optionally, their opportunity.
UNWIND $rows AS row
MERGE (a:Activity {id: row.id})
SET a.kind = row.kind, a.date = row.date, a.subject = row.subject, a.notes = row.notes
WITH a, row
OPTIONAL MATCH (a)-[old_about:ABOUT]->()
DELETE old_about
WITH a, row
OPTIONAL MATCH (gone:Person)-[old:ATTENDED]->(a) WHERE NOT gone.id IN row.attendee_ids
DELETE old
WITH DISTINCT a, row
CALL (a, row) {
  UNWIND row.attendee_ids AS attendee_id
  MATCH (p:Person {id: attendee_id})
  MERGE (p)-[:ATTENDED]->(a)
}
WITH a, row
WHERE row.opportunity_id IS NOT NULL
MATCH (o:Opportunity {id: row.opportunity_id})
MERGE (a)-[:ABOUT]->(o)
