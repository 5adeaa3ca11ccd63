// Which outside advisors influence people at several customers? (They do not work there.)
MATCH (a:Person)-[i:INFLUENCES]->(p:Person)-[w:WORKS_FOR]->(c:Organization {kind: 'customer'})
WHERE w.until IS NULL
  AND NOT EXISTS { (a)-[wa:WORKS_FOR]->(c) WHERE wa.until IS NULL }
WITH a, c, collect(p {.id, .name, strength: i.strength, kind: i.kind}) AS influenced
WITH a, collect(c {.id, .name, people: influenced}) AS customers
WHERE size(customers) >= 2
RETURN a {.id, .name, .title} AS advisor,
       COLLECT { MATCH (a)-[w:WORKS_FOR]->(o:Organization) WHERE w.until IS NULL
                 RETURN o.name } AS employers,
       customers
ORDER BY size(customers) DESC, advisor.name
