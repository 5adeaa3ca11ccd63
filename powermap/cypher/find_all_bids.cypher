// Every competitor bidding on an opportunity, for the native export.
MATCH (c:Organization)-[:BIDS_ON]->(o:Opportunity)
RETURN c.id AS competitor_id, o.id AS opportunity_id
ORDER BY competitor_id, opportunity_id
