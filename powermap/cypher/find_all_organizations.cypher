// Every organization, for the native export.
MATCH (o:Organization)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.tier AS tier, o.industry AS industry,
       o.country AS country
ORDER BY id
