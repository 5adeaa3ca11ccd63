// Every activity with its attendees and opportunity, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (a:Activity)
RETURN a._created AS _created,
       a.id AS id, a.kind AS kind, a.date AS date, a.subject AS subject,
       head([(a)-[:ABOUT]->(o:Opportunity) | o.id]) AS opportunity_id,
       COLLECT { MATCH (p:Person)-[:ATTENDED]->(a) RETURN p.id ORDER BY p.id } AS attendee_ids,
       a.notes AS notes
ORDER BY id
