// Create or update organizations by id.
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
SET o.name = row.name, o.kind = row.kind, o.tier = row.tier,
    o.industry = row.industry, o.country = row.country
