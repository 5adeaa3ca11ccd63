// Record which competitors bid on which opportunities.
UNWIND $rows AS row
MATCH (c:Organization {id: row.competitor_id}), (o:Opportunity {id: row.opportunity_id})
MERGE (c)-[:BIDS_ON]->(o)
