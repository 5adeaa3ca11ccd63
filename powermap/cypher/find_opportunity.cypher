// Which opportunity is this, at which customer, and which competitors bid on it?
MATCH (o:Opportunity {id: $opportunity_id})-[:FOR_CUSTOMER]->(c:Organization)
USING INDEX SEEK o:Opportunity(id)
RETURN o {.id, .name, .kind, .stage, .status, .amount, .currency, .close_date} AS opportunity,
       c {.id, .name, .tier, .kind} AS customer,
       COLLECT { MATCH (comp:Organization)-[:BIDS_ON]->(o)
                 RETURN comp {.id, .name} ORDER BY comp.name } AS competitors
