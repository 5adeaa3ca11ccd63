// Which customer accounts do we have, with their open opportunities, coverage and competitors?
// One page of them, in tier (S, A, B, C, none) and name order: the counts visit every person of an account, so
// only the accounts on the page are counted (a portfolio of 2,000 accounts stays cheap).
MATCH (c:Organization {kind: 'customer'})
WITH c, CASE c.tier WHEN 'S' THEN 0 WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 ELSE 4 END AS rank
ORDER BY rank, c.name SKIP $skip LIMIT $limit
CALL (c) {
  OPTIONAL MATCH (o:Opportunity {status: 'open'})-[:FOR_CUSTOMER]->(c)
  RETURN count(o) AS open_opportunities
}
CALL (c) {
  OPTIONAL MATCH (p:Person)-[w:WORKS_FOR]->(c) WHERE w.until IS NULL
  OPTIONAL MATCH (s:Staff)-[k:KNOWS]->(p) WHERE k.strength >= 1
  RETURN count(DISTINCT p) AS people, count(DISTINCT CASE WHEN s IS NOT NULL THEN p END) AS covered
}
CALL (c) {
  OPTIONAL MATCH (comp:Organization {kind: 'competitor'})-[:BIDS_ON]->(:Opportunity)-[:FOR_CUSTOMER]->(c)
  RETURN count(DISTINCT comp) AS competitors
}
RETURN c.id AS id, c.name AS name, c.tier AS tier, c.industry AS industry,
       open_opportunities, people, covered, competitors
ORDER BY rank, name
