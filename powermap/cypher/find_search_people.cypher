// Which people match the search box's text (name, e-mail address or title), best first?
CALL db.index.fulltext.queryNodes('search_people', $query, {limit: $limit}) YIELD node, score
RETURN node {.id, .name, .title, .email, is_staff: node:Staff,
             organizations: COLLECT { MATCH (node)-[w:WORKS_FOR]->(o:Organization)
                                      WHERE w.until IS NULL
                                      RETURN o {.id, .name, .kind} ORDER BY o.name }} AS hit
ORDER BY score DESC, hit.name, hit.id
