// Who moved between tracked organizations? A closed employment at one, a later one at another.
MATCH (p:Person)-[old:WORKS_FOR]->(a:Organization)
WHERE old.until IS NOT NULL AND a.kind IN ['customer', 'competitor', 'partner']
MATCH (p)-[new:WORKS_FOR]->(b:Organization)
WHERE b <> a AND b.kind IN ['customer', 'competitor', 'partner']
  AND (new.since IS NULL OR new.since >= old.until)
RETURN p {.id, .name, .title} AS person,
       a {.id, .name, .kind} AS from_org, old.until AS left_on,
       b {.id, .name, .kind} AS to_org, new.since AS joined_on, new.until IS NULL AS current,
       a.kind = 'competitor' AND b.kind = 'customer' AS competitor_to_customer
ORDER BY competitor_to_customer DESC, p.name
