// What frames an account's history: the account, its opportunities with their bids and decision
// chains, and everyone who ever worked there — the records "as of" a day starts from.
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
RETURN [c {.id, .name, .kind, .tier, .industry, .country, _created: c._created}] AS organizations,
       COLLECT { MATCH (o:Opportunity)-[:FOR_CUSTOMER]->(c)
                 RETURN o {.id, .name, customer_id: c.id, .kind, .stage, .status, .amount,
                           .currency, .close_date, _created: o._created} } AS opportunities,
       COLLECT { MATCH (comp:Organization)-[r:BIDS_ON]->(o:Opportunity)-[:FOR_CUSTOMER]->(c)
                 RETURN {competitor_id: comp.id, opportunity_id: o.id, _created: r._created} }
         AS bids,
       COLLECT { MATCH (p:Person)-[r:IN_DECISION_CHAIN]->(o:Opportunity)-[:FOR_CUSTOMER]->(c)
                 RETURN {person_id: p.id, opportunity_id: o.id, roles: r.roles,
                         stance: r.stance, source: r.source, confidence: r.confidence,
                         as_of: r.as_of, _created: r._created} } AS decision_chain,
       COLLECT { MATCH (p:Person)-[:WORKS_FOR]->(c) RETURN DISTINCT p.id } AS employed
