// Who has made change sets (for the audit log's user filter)?
MATCH (cs:ChangeSet)
RETURN DISTINCT cs.who AS who
ORDER BY who
