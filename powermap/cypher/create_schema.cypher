// Which constraints and indexes does Powermap need? Every statement is idempotent.
// Uniqueness of every id (the only constraint kind Community edition has).
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT opportunity_id IF NOT EXISTS FOR (n:Opportunity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (n:Activity) REQUIRE n.id IS UNIQUE;
// What importers and pages look people and organizations up by.
CREATE INDEX person_email IF NOT EXISTS FOR (n:Person) ON (n.email);
CREATE INDEX person_linkedin_url IF NOT EXISTS FOR (n:Person) ON (n.linkedin_url);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX organization_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind);
CREATE INDEX opportunity_status IF NOT EXISTS FOR (n:Opportunity) ON (n.status);
CREATE INDEX activity_date IF NOT EXISTS FOR (n:Activity) ON (n.date);
// The web app's users and audit log (access control lives in the application).
CREATE CONSTRAINT user_username IF NOT EXISTS FOR (n:User) REQUIRE n.username IS UNIQUE;
CREATE INDEX user_token IF NOT EXISTS FOR (n:User) ON (n.token_hash);
// Failed-login counters shared by every worker process (one node per user name or address).
CREATE CONSTRAINT login_throttle_key IF NOT EXISTS FOR (n:LoginThrottle) REQUIRE n.key IS UNIQUE;
CREATE INDEX audit_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.at);
// History: change sets and the change records of each (see docs/model.md, "History").
CREATE CONSTRAINT change_set_id IF NOT EXISTS FOR (n:ChangeSet) REQUIRE n.id IS UNIQUE;
CREATE INDEX change_set_at IF NOT EXISTS FOR (n:ChangeSet) ON (n.at);
CREATE INDEX change_a IF NOT EXISTS FOR (n:Change) ON (n.a);
CREATE INDEX change_b IF NOT EXISTS FOR (n:Change) ON (n.b);
CREATE INDEX change_set IF NOT EXISTS FOR (n:Change) ON (n.set);
CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at);
// The search box: full-text (Lucene) indexes over names, e-mail addresses and titles, one per
// kind so each kind gets its own top results. 'standard-folding' lowercases, folds accents to
// ASCII (José = Jose) and cuts Chinese and Japanese ideographs into one token per character,
// so 李明 is found as the phrase 李 明 and a partial 李 as a term (the 'cjk' analyzer indexes
// character pairs instead, and a single 李 would find nothing). Not eventually consistent: a
// person saved a moment ago is found at once.
CREATE FULLTEXT INDEX search_people IF NOT EXISTS FOR (n:Person) ON EACH [n.name, n.email, n.title]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_organizations IF NOT EXISTS FOR (n:Organization) ON EACH [n.name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_opportunities IF NOT EXISTS FOR (n:Opportunity) ON EACH [n.name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
