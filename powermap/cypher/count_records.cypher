// Does the graph hold any business data (organizations or people), users and audit aside?
CALL () { MATCH (o:Organization) RETURN count(o) AS organizations }
CALL () { MATCH (p:Person) RETURN count(p) AS people }
RETURN organizations, people
