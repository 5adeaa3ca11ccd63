// Which organization is us (kind own)? The importers attach our staff to it.
MATCH (o:Organization {kind: 'own'})
RETURN o.id AS id, o.name AS name
ORDER BY id
LIMIT 1
