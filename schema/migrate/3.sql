-- Schema 2 -> 3: two partial indexes for the fixed queries on large
-- cases (docs/queries.md, "Performance"). Without them the queries that
-- find a host's addresses (connection_acceptance, preceded_by_session)
-- read every resource record of the case, and those on port-25 sessions
-- every flow. Indexes hold no evidence: the parse digest and every
-- query's output are the same with or without them.
CREATE INDEX IF NOT EXISTS dns_answer_addr ON dns_answer(name)
	WHERE section = 1 AND type IN (1, 28);
CREATE INDEX IF NOT EXISTS flow_tcp ON flow(dport, first_ns) WHERE proto = 'tcp';
PRAGMA user_version = 3;
