// Which customers and stages do opportunities have (the choices of the opportunity list's filters)?
MATCH (o:Opportunity)-[:FOR_CUSTOMER]->(c:Organization)
RETURN collect(DISTINCT c {.id, .name}) AS accounts,
       [s IN collect(DISTINCT o.stage) WHERE s IS NOT NULL] AS stages
