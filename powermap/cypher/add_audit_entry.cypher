// Record who did what, when: every write and every export.
CREATE (a:AuditEntry {at: datetime(), username: $username, action: $action, target: $target,
                      detail: $detail})
RETURN toString(a.at) AS at
