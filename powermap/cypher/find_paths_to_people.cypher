// Who can introduce us to these people? For each target, the strongest paths (at most 4 hops)
// from our current staff through a relationship and then influence edges. Score = product of
// strength/5 along the path; ties go to the shorter path.
UNWIND $person_ids AS person_id
MATCH (t:Person {id: person_id})
USING INDEX SEEK t:Person(id)
CALL (t) {
  MATCH path = (s:Staff)-[k:KNOWS]->(first:Person)-[:INFLUENCES*0..3]->(t)
  WHERE k.strength >= $min_strength
    AND ($from_staff IS NULL OR s.id = $from_staff)
    AND EXISTS { (s)-[ws:WORKS_FOR]->(us) WHERE ws.until IS NULL AND us.kind = 'own' }
    AND none(n IN nodes(path) WHERE n.id IN $exclude)
    AND all(i IN range(0, size(nodes(path)) - 2) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
  WITH path, reduce(score = 1.0, r IN relationships(path) | score * r.strength / 5.0) AS score
  RETURN path, score
  ORDER BY score DESC, length(path) ASC
  LIMIT $limit
}
RETURN t.id AS target,
       [n IN nodes(path) | n {.id, .name, .title}] AS people,
       [r IN relationships(path) | {type: type(r), strength: r.strength, source: r.source,
                                    as_of: r.as_of}] AS edges,
       score
