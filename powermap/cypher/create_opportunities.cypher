// Create opportunities the import knows are new, each at its customer.
UNWIND $rows AS row
MATCH (c:Organization {id: row.customer_id})
CREATE (:Opportunity {_created: $created_ms, id: row.id, name: row.name, kind: row.kind, stage: row.stage,
                      status: row.status, amount: row.amount, currency: row.currency,
                      close_date: row.close_date})-[:FOR_CUSTOMER]->(c)
RETURN count(*) AS created
