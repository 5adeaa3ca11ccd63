// Which customer accounts are there? Their ids only, in tier (S, A, B, C, none) and name order (the portfolio
// reports go through them one account at a time).
MATCH (c:Organization {kind: 'customer'})
RETURN c.id AS id
ORDER BY CASE c.tier WHEN 'S' THEN 0 WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 ELSE 4 END, c.name
