// Which opportunities match the search box's text, best first, with their customer?
CALL db.index.fulltext.queryNodes('search_opportunities', $query, {limit: $limit})
YIELD node, score
OPTIONAL MATCH (node)-[:FOR_CUSTOMER]->(c:Organization)
RETURN node {.id, .name, .status, .stage, .amount, .currency, .close_date,
             customer: c {.id, .name}} AS hit
ORDER BY score DESC, hit.name, hit.id
