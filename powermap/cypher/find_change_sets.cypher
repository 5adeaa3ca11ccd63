// Which change sets match the audit log's filters ($who, from $from to before $to; each may be
// null), newest first: one page of them ($skip, $limit) and how many match in all.
MATCH (cs:ChangeSet)
WHERE ($who IS NULL OR cs.who = $who)
  AND ($from IS NULL OR cs.at >= $from)
  AND ($to IS NULL OR cs.at < $to)
WITH cs ORDER BY cs.at DESC
WITH collect(cs) AS sets
RETURN size(sets) AS total,
       [cs IN sets[$skip..$skip + $limit] | cs {.id, .at, .who, .via, .what, .file, .created,
                                                .updated, .deleted, .undoes}] AS page
