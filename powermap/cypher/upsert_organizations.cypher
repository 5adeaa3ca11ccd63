// Create or update organizations by id; how many were created, changed, written.
UNWIND $rows AS row
OPTIONAL MATCH (old:Organization {id: row.id})
WITH row, properties(old) AS before
MERGE (o:Organization {id: row.id})
SET o.name = row.name, o.kind = row.kind, o.tier = row.tier,
    o.industry = row.industry, o.country = row.country
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(o) THEN 1 END) AS updated,
       count(*) AS written
