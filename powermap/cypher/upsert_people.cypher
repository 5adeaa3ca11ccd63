// Create or update people by id; people with a team role are our staff (label Staff).
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
// a node MERGE has just created holds its id only; every stored one has a name too
WITH p, row, CASE WHEN size(keys(p)) = 1 THEN null ELSE properties(p) END AS before
SET p.name = row.name, p.title = row.title, p.seniority = row.seniority, p.email = row.email,
    p.linkedin_url = row.linkedin_url, p.team_role = row.team_role, p.notes = row.notes
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET p._created = $created_ms)
FOREACH (_ IN CASE WHEN row.team_role IS NULL THEN [] ELSE [1] END | SET p:Staff)
FOREACH (_ IN CASE WHEN row.team_role IS NULL THEN [1] ELSE [] END | REMOVE p:Staff)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(p) THEN 1 END) AS updated,
       count(*) AS written
