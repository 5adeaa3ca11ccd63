// Every opportunity with its customer, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (o:Opportunity)-[:FOR_CUSTOMER]->(c:Organization)
RETURN o._created AS _created,
       o.id AS id, o.name AS name, c.id AS customer_id, o.kind AS kind, o.stage AS stage,
       o.status AS status, o.amount AS amount, o.currency AS currency,
       o.close_date AS close_date
ORDER BY id
