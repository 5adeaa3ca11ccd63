// Which organizations match the search box's text, best first?
CALL db.index.fulltext.queryNodes('search_organizations', $query, {limit: $limit})
YIELD node, score
RETURN node {.id, .name, .kind, .tier, .industry} AS hit
ORDER BY score DESC, hit.name, hit.id
