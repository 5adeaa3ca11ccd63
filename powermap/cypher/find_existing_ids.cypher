// Which of these ids already exist in the graph? One list of ids per kind of node.
CALL () { UNWIND $organizations AS id MATCH (n:Organization {id: id}) RETURN collect(n.id) AS organizations }
CALL () { UNWIND $units AS id MATCH (n:Unit {id: id}) RETURN collect(n.id) AS units }
CALL () { UNWIND $people AS id MATCH (n:Person {id: id}) RETURN collect(n.id) AS people }
CALL () { UNWIND $staff AS id MATCH (n:Staff {id: id}) RETURN collect(n.id) AS staff }
CALL () { UNWIND $opportunities AS id MATCH (n:Opportunity {id: id}) RETURN collect(n.id) AS opportunities }
CALL () { UNWIND $activities AS id MATCH (n:Activity {id: id}) RETURN collect(n.id) AS activities }
RETURN organizations, units, people, staff, opportunities, activities
