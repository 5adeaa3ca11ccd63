// Every preference of a person for an organization, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (p:Person)-[r:FAVORS]->(o:Organization)
RETURN r._created AS _created,
       p.id AS person_id, o.id AS organization_id, r.strength AS strength,
       r.source AS source, r.confidence AS confidence, r.as_of AS as_of
ORDER BY person_id, organization_id
