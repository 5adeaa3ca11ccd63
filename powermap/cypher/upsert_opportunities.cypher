// Create or update opportunities, each at one customer.
UNWIND $rows AS row
MATCH (c:Organization {id: row.customer_id})
MERGE (o:Opportunity {id: row.id})
// a node MERGE has just created holds its id only; every stored one has a name too
WITH o, c, row, CASE WHEN size(keys(o)) = 1 THEN null
                     ELSE o {.*, customer_id: head([(o)-[:FOR_CUSTOMER]->(x) | x.id])} END AS before
SET o.name = row.name, o.kind = row.kind, o.stage = row.stage, o.status = row.status,
    o.amount = row.amount, o.currency = row.currency, o.close_date = row.close_date
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET o._created = $created_ms)
WITH o, c, row, before
CALL (o, c) {
  OPTIONAL MATCH (o)-[old:FOR_CUSTOMER]->(other) WHERE other <> c
  DELETE old
  MERGE (o)-[:FOR_CUSTOMER]->(c)
}
WITH before, o {.*, customer_id: row.customer_id} AS after
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> after THEN 1 END) AS updated,
       count(*) AS written
