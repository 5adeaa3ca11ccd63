// The activities records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (a:Activity {id: k.a})
RETURN a._created AS _created, a.id AS id, a.kind AS kind, a.date AS date, a.subject AS subject,
       head([(a)-[:ABOUT]->(o:Opportunity) | o.id]) AS opportunity_id,
       COLLECT { MATCH (p:Person)-[:ATTENDED]->(a) RETURN p.id ORDER BY p.id } AS attendee_ids,
       a.notes AS notes
