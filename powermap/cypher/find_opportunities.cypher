// Which opportunities are there, open and closed, optionally of one status, customer and stage?
// One page of them (open first, then by close date and name), with the total that match.
MATCH (o:Opportunity)-[:FOR_CUSTOMER]->(c:Organization)
WHERE ($status IS NULL OR o.status = $status)
  AND ($account_id IS NULL OR c.id = $account_id)
  AND ($stage IS NULL OR o.stage = $stage)
WITH o, c ORDER BY CASE o.status WHEN 'open' THEN 0 ELSE 1 END, o.close_date, o.name, o.id
WITH collect({o: o, c: c}) AS found
WITH size(found) AS total, found[$skip..$skip + $limit] AS page
CALL (page) {
  UNWIND page AS x
  WITH x.o AS o, x.c AS c
  RETURN collect(o {.id, .name, .status, .stage, .amount, .currency, .close_date, .kind,
                    customer: c {.id, .name, .tier},
                    competitors: COLLECT { MATCH (comp:Organization)-[:BIDS_ON]->(o)
                                           RETURN comp.name ORDER BY comp.name }}) AS opportunities
}
RETURN total, opportunities
