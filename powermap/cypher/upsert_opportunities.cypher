// Create or update opportunities, each at one customer.
UNWIND $rows AS row
MATCH (c:Organization {id: row.customer_id})
MERGE (o:Opportunity {id: row.id})
SET o.name = row.name, o.kind = row.kind, o.stage = row.stage, o.status = row.status,
    o.amount = row.amount, o.currency = row.currency, o.close_date = row.close_date
WITH o, c
OPTIONAL MATCH (o)-[old:FOR_CUSTOMER]->(other) WHERE other <> c
DELETE old
MERGE (o)-[:FOR_CUSTOMER]->(c)
