// Who is this person?
MATCH (p:Person {id: $person_id})
USING INDEX SEEK p:Person(id)
RETURN p {.id, .name, .title, .seniority, .team_role, .email} AS person, p:Staff AS is_staff
