// Which organization is this account, and which of its opportunities are open?
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
RETURN c {.id, .name, .kind, .tier, .industry} AS account,
       COLLECT { MATCH (o)-[:FOR_CUSTOMER]->(c) WHERE o.status = 'open'
                 RETURN o.id ORDER BY o.id } AS open_opportunities
