// Delete people records by key (k.a) with their own edges; only an undo does this, after it
// found nothing else refers to them, and it records each as it was (history).
UNWIND $keys AS k
MATCH (n:Person {id: k.a})
DETACH DELETE n
RETURN count(*) AS deleted
