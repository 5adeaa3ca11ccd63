// Which constraints and indexes exist, by name?
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, owningConstraint
RETURN name, type, labelsOrTypes, properties, owningConstraint IS NOT NULL AS backs_constraint
ORDER BY name
