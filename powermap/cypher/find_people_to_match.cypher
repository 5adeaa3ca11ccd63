// Which people have these emails, profile URLs or names? Importers match file rows to people.
// Every lookup goes through an index; companies are the person's current employers.
UNWIND $emails AS value
MATCH (p:Person {email: value})
RETURN 'email' AS key, value, p.id AS id, p.name AS name, p.team_role AS team_role,
       [(p)-[w:WORKS_FOR]->(o:Organization) WHERE w.until IS NULL | o.name] AS companies
UNION ALL
UNWIND $urls AS value
MATCH (p:Person {linkedin_url: value})
RETURN 'url' AS key, value, p.id AS id, p.name AS name, p.team_role AS team_role,
       [(p)-[w:WORKS_FOR]->(o:Organization) WHERE w.until IS NULL | o.name] AS companies
UNION ALL
UNWIND $names AS value
MATCH (p:Person {name: value})
RETURN 'name' AS key, value, p.id AS id, p.name AS name, p.team_role AS team_role,
       [(p)-[w:WORKS_FOR]->(o:Organization) WHERE w.until IS NULL | o.name] AS companies
