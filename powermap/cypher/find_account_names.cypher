// Which customer accounts are there, by name (for the audit log's account filter)?
MATCH (c:Organization {kind: 'customer'})
RETURN c.id AS id, c.name AS name
ORDER BY name, id
