// The influence network around one account: the influence and conflict edges that touch anyone
// who works there now. (Reporting lines are not part of it: no analysis reads them.)
// One row holding every edge as a list: a dense account has tens of thousands of edges, and
// the client decodes one long list much faster than as many records.
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
MATCH (p:Person)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL
WITH c, collect(p) AS insiders
UNWIND insiders AS p
MATCH (p)-[r:INFLUENCES|CONFLICTS_WITH]-(other:Person)
WITH DISTINCT r, startNode(r) AS a, endNode(r) AS b
RETURN collect([a.id, b.id, type(r), r.strength, r.kind, r.source, r.as_of]) AS edges
