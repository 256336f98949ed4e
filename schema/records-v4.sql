-- records-v4.sql: the record tables of schemas 3 and 4, as their case.sql
-- made them (schema 5 made them views over a compact layout:
-- schema/records.sql, docs/case-format.md). Not run on any case: custody
-- verify builds its reference schema from it for a case not yet migrated,
-- whose tables must be these, defined as these.

-- One row per DNS message, from a capture or a log line.
CREATE TABLE dns_message (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,    -- packet number or line number (from 1)
	loc_offset  INTEGER NOT NULL,    -- byte offset of the packet record or line
	time_ns     INTEGER NOT NULL,    -- UTC, ns since the epoch
	time_prec   INTEGER NOT NULL DEFAULT 6, -- digits after the second the source had
	src         TEXT,                -- client address (text form), NULL if unknown
	sport       INTEGER,
	dst         TEXT,                -- server address
	dport       INTEGER,
	transport   TEXT,                -- 'udp', 'tcp' or NULL (logs)
	server      TEXT,                -- logs: the server or view that logged it
	dns_id      INTEGER,             -- DNS message id, NULL if unknown
	qr          INTEGER NOT NULL,    -- 0 query, 1 response
	opcode      INTEGER,
	flags       INTEGER,             -- AA=0x400 TC=0x200 RD=0x100 RA=0x80 AD=0x20 CD=0x10
	rcode       INTEGER,             -- with EDNS extended bits; NULL if unknown
	qname       TEXT,                -- presentation form, lower-cased
	qname_wire  BLOB,                -- the name as wire bytes (captures)
	qtype       INTEGER,
	qclass      INTEGER,
	qdcount     INTEGER,
	ancount     INTEGER,
	nscount     INTEGER,
	arcount     INTEGER,
	edns_udp    INTEGER,             -- EDNS(0) UDP size; NULL without OPT
	edns_do     INTEGER,
	ecs         TEXT,                -- EDNS client subnet "addr/len"
	log_flags   TEXT,                -- logs: the server's flag letters as written
	response_loc INTEGER             -- queries: loc_index of the paired response
);
CREATE INDEX dns_message_loc ON dns_message(evidence_id, loc_index, loc_offset);
CREATE INDEX dns_message_qname ON dns_message(qname, time_ns);
CREATE INDEX dns_message_src ON dns_message(src, time_ns);

-- Resource records of a DNS message (answer, authority, additional).
CREATE TABLE dns_answer (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,    -- same locator as its message
	loc_offset  INTEGER NOT NULL,
	message_id  INTEGER NOT NULL REFERENCES dns_message(id),
	section     INTEGER NOT NULL,    -- 1 answer, 2 authority, 3 additional
	idx         INTEGER NOT NULL,    -- position within the section
	name        TEXT NOT NULL,
	type        INTEGER NOT NULL,
	class       INTEGER NOT NULL,
	ttl         INTEGER NOT NULL,
	rdata       TEXT,                -- presentation form for decoded types
	rdata_raw   BLOB                 -- raw rdata for other types
);
CREATE INDEX dns_answer_msg ON dns_answer(message_id);
CREATE INDEX dns_answer_loc ON dns_answer(evidence_id, loc_index, loc_offset);
-- A host's addresses: the A and AAAA answers for a name (schema 3).
CREATE INDEX dns_answer_addr ON dns_answer(name) WHERE section = 1 AND type IN (1, 28);

-- TCP and UDP flows seen in captures.
CREATE TABLE flow (
	id           INTEGER PRIMARY KEY,
	evidence_id  INTEGER NOT NULL REFERENCES evidence(id),
	loc_index    INTEGER NOT NULL,   -- first packet of the flow
	loc_offset   INTEGER NOT NULL,
	proto        TEXT NOT NULL,      -- 'tcp' or 'udp'
	src          TEXT NOT NULL,      -- initiator (sender of the first packet / SYN)
	sport        INTEGER NOT NULL,
	dst          TEXT NOT NULL,
	dport        INTEGER NOT NULL,
	first_ns     INTEGER NOT NULL,
	last_ns      INTEGER NOT NULL,
	packets      INTEGER NOT NULL,
	bytes_fwd    INTEGER NOT NULL,   -- payload bytes initiator -> responder
	bytes_rev    INTEGER NOT NULL,
	syn          INTEGER NOT NULL DEFAULT 0,
	synack       INTEGER NOT NULL DEFAULT 0,
	rst          INTEGER NOT NULL DEFAULT 0,
	fin          INTEGER NOT NULL DEFAULT 0,
	established  INTEGER NOT NULL DEFAULT 0  -- three-way handshake completed
);
CREATE INDEX flow_loc ON flow(evidence_id, loc_index, loc_offset);
CREATE INDEX flow_addr ON flow(src, dst, dport);
-- TCP flows to a port, in time order (schema 3).
CREATE INDEX flow_tcp ON flow(dport, first_ns) WHERE proto = 'tcp';
