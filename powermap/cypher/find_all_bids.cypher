// Every competitor bidding on an opportunity, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (c:Organization)-[r:BIDS_ON]->(o:Opportunity)
RETURN r._created AS _created,
       c.id AS competitor_id, o.id AS opportunity_id
ORDER BY competitor_id, opportunity_id
