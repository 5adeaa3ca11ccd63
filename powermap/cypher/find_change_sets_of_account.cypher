// Which change sets touched an account ($account): the organization, anyone ever employed there
// (closed and deleted employments too), its opportunities; with the same filters and paging as
// find_change_sets.
OPTIONAL MATCH (org:Organization {id: $account})
WITH [$account]
     + COLLECT { MATCH (p:Person)-[:WORKS_FOR]->(org) RETURN p.id }
     + COLLECT { MATCH (o:Opportunity)-[:FOR_CUSTOMER]->(org) RETURN o.id }
     + COLLECT { MATCH (c:Change {b: $account}) WHERE c.kind IN ['employment', 'opportunities']
                 RETURN c.a } AS ids
CALL (ids) {
  UNWIND ids AS id MATCH (c:Change {a: id}) RETURN c.set AS set
  UNION
  UNWIND ids AS id MATCH (c:Change {b: id}) RETURN c.set AS set
  UNION
  MATCH (c:Change {op: 'create'}) WHERE any(i IN c.ids WHERE i IN ids) RETURN c.set AS set
}
WITH DISTINCT set
MATCH (cs:ChangeSet {id: set})
WHERE ($who IS NULL OR cs.who = $who)
  AND ($from IS NULL OR cs.at >= $from)
  AND ($to IS NULL OR cs.at < $to)
WITH cs ORDER BY cs.at DESC
WITH collect(cs) AS sets
RETURN size(sets) AS total,
       [cs IN sets[$skip..$skip + $limit] | cs {.id, .at, .who, .via, .what, .file, .created,
                                                .updated, .deleted, .undoes}] AS page
