// Does the database answer, and how many nodes does it hold? Read from the count store, so it
// costs the same on any size of graph (the health check runs it).
MATCH (n)
RETURN count(n) AS nodes
