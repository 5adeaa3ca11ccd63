// A person as the edit form shows them: their details, their current employments (each with
// the department), the managers they report to, and when they were created (history).
// Locks nothing: the edit itself re-reads inside its transaction.
MATCH (p:Person {id: $person_id})
USING INDEX SEEK p:Person(id)
RETURN p {.id, .name, .title, .seniority, .email, .linkedin_url, .team_role, .notes} AS person,
       p._created AS created,
       COLLECT { MATCH (p)-[w:WORKS_FOR]->(o:Organization) WHERE w.until IS NULL
                 RETURN {organization_id: o.id, organization: o.name, kind: o.kind,
                         unit_id: w.unit_id, title: w.title, since: w.since, key: w.key}
                 ORDER BY o.kind, o.name, o.id } AS employments,
       COLLECT { MATCH (p)-[:REPORTS_TO]->(m:Person) RETURN m.id ORDER BY m.id } AS manager_ids
