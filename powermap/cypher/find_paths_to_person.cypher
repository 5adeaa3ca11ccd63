// Who can introduce us to this person? The strongest paths (at most 4 hops) from our current
// staff through a relationship and then influence edges to the target. Score = product of
// strength/5 along the path.
MATCH (t:Person {id: $person_id})
USING INDEX t:Person(id)
MATCH path = (s:Staff)-[k:KNOWS]->(first:Person)-[:INFLUENCES*0..3]->(t)
WHERE k.strength >= $min_strength
  AND ($from_staff IS NULL OR s.id = $from_staff)
  AND EXISTS { (s)-[ws:WORKS_FOR]->(:Organization {kind: 'own'}) WHERE ws.until IS NULL }
  AND none(n IN nodes(path) WHERE n.id IN $exclude)
  AND all(i IN range(0, size(nodes(path)) - 2) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
RETURN [n IN nodes(path) | n {.id, .name, .title}] AS people,
       [r IN relationships(path) | {type: type(r), strength: r.strength, source: r.source,
                                    as_of: r.as_of}] AS edges,
       reduce(score = 1.0, r IN relationships(path) | score * r.strength / 5.0) AS score
ORDER BY score DESC, size(edges) ASC
LIMIT $limit
