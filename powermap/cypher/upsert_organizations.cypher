// Create or update organizations by id; how many were created, changed, written.
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
// a node MERGE has just created holds its id only; every stored one has a name too
WITH o, row, CASE WHEN size(keys(o)) = 1 THEN null ELSE properties(o) END AS before
SET o.name = row.name, o.kind = row.kind, o.tier = row.tier,
    o.industry = row.industry, o.country = row.country
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET o._created = $created_ms)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(o) THEN 1 END) AS updated,
       count(*) AS written
