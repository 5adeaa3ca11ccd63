// The latest audit entries, newest first.
MATCH (a:AuditEntry)
WHERE a.at IS NOT NULL
RETURN toString(a.at) AS at, a.username AS username, a.action AS action, a.target AS target,
       a.detail AS detail
ORDER BY a.at DESC
LIMIT $limit
