// How many customer accounts are there?
MATCH (c:Organization {kind: 'customer'})
RETURN count(c) AS accounts
