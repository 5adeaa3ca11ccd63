// Record which competitors bid on which opportunities.
UNWIND $rows AS row
MATCH (c:Organization {id: row.competitor_id}), (o:Opportunity {id: row.opportunity_id})
OPTIONAL MATCH (c)-[old:BIDS_ON]->(o)
WITH c, o, row, properties(old) AS before
MERGE (c)-[r:BIDS_ON]->(o)
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(r) THEN 1 END) AS updated,
       count(*) AS written
