// Which organizational relationships (framework agreements, joint labs …) touch this account
// now, either end, with their creation stamps? The relationship KPIs roll them back to a past
// day with the account's change log.
MATCH (c:Organization {id: $account_id})
USING INDEX SEEK c:Organization(id)
MATCH (c)-[t:ORG_TIE]-(:Organization)
RETURN startNode(t).id AS from_id, endNode(t).id AS to_id, t.kind AS kind, t.since AS since,
       t.until AS until, t._created AS _created
