// The records around these people, as the "as of" reader rebuilds an account from them: the
// people, their employments, favors and decision-chain places, the influence, conflicts and
// reporting lines that touch them, our staff's relationships to them (with each staff member's
// own row and employments) and the activities they attended.
UNWIND $person_ids AS person_id
MATCH (p:Person {id: person_id})
WITH collect(p) AS ps
CALL (ps) {
  UNWIND ps AS p
  RETURN collect(p {.id, .name, .title, .seniority, .email, .linkedin_url, .team_role, .notes,
                    _created: p._created}) AS people
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[w:WORKS_FOR]->(o:Organization)
  RETURN collect({person_id: p.id, organization_id: o.id, unit_id: w.unit_id, title: w.title,
                  since: w.since, until: w.until, key: w.key, _created: w._created}) AS employment
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[r:FAVORS]->(o:Organization)
  RETURN collect({person_id: p.id, organization_id: o.id, strength: r.strength, source: r.source,
                  confidence: r.confidence, as_of: r.as_of, _created: r._created}) AS favors
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[r:IN_DECISION_CHAIN]->(o:Opportunity)
  RETURN collect({person_id: p.id, opportunity_id: o.id, roles: r.roles, stance: r.stance,
                  source: r.source, confidence: r.confidence, as_of: r.as_of,
                  _created: r._created}) AS decision_chain
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[r:INFLUENCES]-(:Person)
  WITH DISTINCT r
  RETURN collect({from_id: startNode(r).id, to_id: endNode(r).id, strength: r.strength,
                  kind: r.kind, note: r.note, source: r.source, confidence: r.confidence,
                  as_of: r.as_of, _created: r._created}) AS influence
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[r:CONFLICTS_WITH]-(:Person)
  WITH DISTINCT r
  RETURN collect({from_id: startNode(r).id, to_id: endNode(r).id, strength: r.strength,
                  note: r.note, source: r.source, confidence: r.confidence, as_of: r.as_of,
                  _created: r._created}) AS conflicts
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[r:REPORTS_TO]-(:Person)
  WITH DISTINCT r
  RETURN collect({person_id: startNode(r).id, manager_id: endNode(r).id, source: r.source,
                  confidence: r.confidence, as_of: r.as_of, _created: r._created}) AS reports_to
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (s:Staff)-[r:KNOWS]->(p)
  RETURN collect({staff_id: s.id, person_id: p.id, strength: r.strength, note: r.note,
                  source: r.source, confidence: r.confidence, as_of: r.as_of,
                  _created: r._created}) AS relationships
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[:ATTENDED]->(a:Activity)
  WITH DISTINCT a
  RETURN collect(a {.id, .kind, .date, .subject, .notes,
                    opportunity_id: head([(a)-[:ABOUT]->(o:Opportunity) | o.id]),
                    attendee_ids: COLLECT { MATCH (x:Person)-[:ATTENDED]->(a) RETURN x.id },
                    _created: a._created}) AS activities
}
RETURN people, employment, favors, decision_chain, influence, conflicts, reports_to,
       relationships, activities
