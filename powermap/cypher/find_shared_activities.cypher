// Which activities did each of these staff-person pairs attend together? (for suggested strength)
UNWIND $pairs AS pair
MATCH (s:Staff {id: pair.staff_id})-[:ATTENDED]->(a:Activity)<-[:ATTENDED]-(p:Person {id: pair.person_id})
RETURN pair.staff_id AS staff_id, pair.person_id AS person_id, a.id AS activity_id, a.date AS date
