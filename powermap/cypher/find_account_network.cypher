// The influence network around one account: the influence and conflict edges that touch anyone
// who works there now. (Reporting lines are not part of it: no analysis reads them.)
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
MATCH (p:Person)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL
WITH c, collect(p) AS insiders
UNWIND insiders AS p
MATCH (p)-[r:INFLUENCES|CONFLICTS_WITH]-(other:Person)
WITH DISTINCT r, startNode(r) AS a, endNode(r) AS b
RETURN a.id AS from_id, b.id AS to_id, type(r) AS type, r.strength AS strength, r.kind AS kind,
       r.source AS source, r.as_of AS as_of
