// Every organization, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (o:Organization)
RETURN o._created AS _created,
       o.id AS id, o.name AS name, o.kind AS kind, o.tier AS tier, o.industry AS industry,
       o.country AS country
ORDER BY id
