// Create people the import knows are new (their ids were checked first): no lookup.
UNWIND $rows AS row
CREATE (p:Person {_created: $created_ms, id: row.id, name: row.name, title: row.title, seniority: row.seniority,
                  email: row.email, linkedin_url: row.linkedin_url, team_role: row.team_role,
                  notes: row.notes})
FOREACH (_ IN CASE WHEN row.team_role IS NULL THEN [] ELSE [1] END | SET p:Staff)
RETURN count(*) AS created
