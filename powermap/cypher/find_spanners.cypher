// Which of our staff have relationships (strength >= $min_strength) at several customer accounts?
MATCH (s:Staff)-[ws:WORKS_FOR]->(:Organization {kind: 'own'}) WHERE ws.until IS NULL
MATCH (s)-[k:KNOWS]->(p:Person)-[w:WORKS_FOR]->(c:Organization {kind: 'customer'})
WHERE w.until IS NULL AND k.strength >= $min_strength
WITH s, c, count(DISTINCT p) AS people
WITH s, collect(c {.id, .name, people: people}) AS accounts
WHERE size(accounts) >= 2
RETURN s {.id, .name, .team_role} AS staff, accounts, size(accounts) AS account_count
ORDER BY account_count DESC, staff.name
