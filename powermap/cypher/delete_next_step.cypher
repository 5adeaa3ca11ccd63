// Remove the owner and due date of one next step of an opportunity (the finding stays).
MATCH (:Opportunity {id: $opportunity_id})-[:HAS_NEXT_STEP]->(n:NextStep {key: $key})
DETACH DELETE n
RETURN count(*) AS deleted
