// Which change set is the newest (the one an export's stamp names)?
MATCH (cs:ChangeSet)
RETURN cs.id AS id, cs.at AS at
ORDER BY cs.at DESC
LIMIT 1
