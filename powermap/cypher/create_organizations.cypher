// Create organizations the import knows are new (their ids were checked first): no lookup.
UNWIND $rows AS row
CREATE (:Organization {_created: $created_ms, id: row.id, name: row.name, kind: row.kind, tier: row.tier,
                       industry: row.industry, country: row.country})
RETURN count(*) AS created
