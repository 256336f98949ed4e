-- case.sql: the schema of a custody case database (case.db).
--
-- PRAGMA user_version is the schema version; lib/store/case.c creates it on a new
-- case and migrates older ones. Record tables share three columns:
-- evidence_id (which original), loc_index (packet number or line number,
-- from 1) and loc_offset (byte offset of the packet record or line in the
-- original), so every figure can be traced to raw bytes. The parse digest
-- (docs/case-format.md) is computed over every record table in the order
-- listed in lib/records/sink.c, all columns but id and evidence_id.

PRAGMA user_version = 4;

-- Case metadata: case_id, examiner, created, schema, tool_version.
CREATE TABLE meta (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- Keys allowed to sign events. A key is registered by the event that
-- names it (init registers the examiner's); verify checks both.
CREATE TABLE keys (
	key_id     TEXT PRIMARY KEY,     -- hex SHA-256 of the raw public key
	public_key BLOB NOT NULL,        -- raw 32-byte Ed25519 public key
	holder     TEXT NOT NULL,        -- examiner name
	added_seq  INTEGER NOT NULL      -- event that registered it
) WITHOUT ROWID;

-- The custody log: one canonical line per event (docs/custody-model.md).
CREATE TABLE events (
	seq       INTEGER PRIMARY KEY,   -- 1, 2, 3 ...
	line      TEXT NOT NULL,         -- custody-event/1 SEQ TIME KEYID ACTION SUBJECT PREV DETAILS
	signature BLOB NOT NULL,         -- 64-byte Ed25519 signature of line
	hash      TEXT NOT NULL          -- hex SHA-256 of line (the next line's PREV)
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'custody log is append-only: UPDATE refused');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'custody log is append-only: DELETE refused');
END;
-- REPLACE deletes without firing DELETE triggers: refuse it (schema 2).
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq)
BEGIN
	SELECT RAISE(ABORT, 'custody log is append-only: an event with this seq exists');
END;

-- Originals, kept byte for byte in objects/sha256/XX/REST.
CREATE TABLE evidence (
	id             INTEGER PRIMARY KEY,
	sha256         TEXT NOT NULL UNIQUE,
	sha512         TEXT NOT NULL,
	size           INTEGER NOT NULL,
	original_name  TEXT NOT NULL,    -- base name as given at ingest
	format         TEXT NOT NULL,    -- raw, pcap, bind, ...
	parser         TEXT NOT NULL,    -- parser name
	parser_version TEXT NOT NULL,
	source         TEXT,             -- --source label
	note           TEXT,             -- --note text
	event_seq      INTEGER NOT NULL, -- the ingest event
	records        INTEGER NOT NULL DEFAULT 0,
	parse_digest   TEXT NOT NULL,    -- hex SHA-256, see docs/case-format.md
	summary        TEXT NOT NULL DEFAULT '{}',  -- JSON: counts, skipped by reason
	time_first_ns  INTEGER,          -- earliest record time, if any
	time_last_ns   INTEGER           -- latest record time, if any
);

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

-- Address ranges attributed to organisations, with where that came from.
CREATE TABLE orgmap (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,
	loc_offset  INTEGER NOT NULL,
	cidr        TEXT NOT NULL,       -- canonical "addr/len"
	family      INTEGER NOT NULL,    -- 4 or 6
	net_lo      BLOB NOT NULL,       -- first address, 4 or 16 bytes, network order
	net_hi      BLOB NOT NULL,       -- last address
	org         TEXT NOT NULL,
	source      TEXT NOT NULL,
	valid_from  TEXT,                -- ISO date, inclusive
	valid_until TEXT                 -- ISO date, exclusive
);
CREATE INDEX orgmap_loc ON orgmap(evidence_id, loc_index, loc_offset);
CREATE INDEX orgmap_org ON orgmap(org);

-- Dated events of the case's timeline.
CREATE TABLE timeline (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,
	loc_offset  INTEGER NOT NULL,
	date        TEXT NOT NULL,       -- ISO date or date-time as given
	time_ns     INTEGER NOT NULL,    -- UTC start of that date/time
	label       TEXT NOT NULL,
	source      TEXT NOT NULL
);
CREATE INDEX timeline_loc ON timeline(evidence_id, loc_index, loc_offset);

-- Schema 4: what a Zeek sensor's conn.log says of a flow beside the flow
-- table's columns (format zeek-conn): one row per flow row of the same
-- evidence and locator (the conn.log line).
CREATE TABLE flow_state (
	id            INTEGER PRIMARY KEY,
	evidence_id   INTEGER NOT NULL REFERENCES evidence(id),
	loc_index     INTEGER NOT NULL,  -- line number
	loc_offset    INTEGER NOT NULL,
	uid           TEXT,              -- Zeek's connection uid, as in its other logs
	service       TEXT,              -- Zeek's protocol guess ("smtp", "dns"), NULL if none
	conn_state    TEXT,              -- S0 S1 SF REJ S2 S3 RSTO RSTR RSTOS0 RSTRH SH SHR OTH
	history       TEXT,              -- Zeek's history letters (ShADadFf...), NULL if none
	orig_pkts     INTEGER,           -- packets and IP bytes each way, NULL if unset
	orig_ip_bytes INTEGER,
	resp_pkts     INTEGER,
	resp_ip_bytes INTEGER,
	missed_bytes  INTEGER            -- bytes Zeek saw missing from the streams
);
CREATE INDEX flow_state_loc ON flow_state(evidence_id, loc_index, loc_offset);

-- Schema 4: passive DNS in the Common Output Format (format pdns): that
-- sensors saw rrname resolve to rdata between two times, count times.
-- Aggregates, not lookups: no fixed query counts them as lookups.
CREATE TABLE pdns (
	id            INTEGER PRIMARY KEY,
	evidence_id   INTEGER NOT NULL REFERENCES evidence(id),
	loc_index     INTEGER NOT NULL,  -- line number
	loc_offset    INTEGER NOT NULL,
	rrname        TEXT NOT NULL,     -- presentation form, lower-cased, no final dot
	rrtype        INTEGER NOT NULL,
	rdata         TEXT NOT NULL,     -- one value; a COF array gives one row each
	time_first_ns INTEGER NOT NULL,  -- first seen, UTC
	time_last_ns  INTEGER NOT NULL,  -- last seen
	count         INTEGER,           -- times seen, NULL if not given
	bailiwick     TEXT,
	sensor_id     TEXT,
	zone_time_first_ns INTEGER,      -- first and last seen in a zone file
	zone_time_last_ns  INTEGER,
	origin        TEXT
);
CREATE INDEX pdns_loc ON pdns(evidence_id, loc_index, loc_offset);
CREATE INDEX pdns_rrname ON pdns(rrname, time_last_ns);
CREATE INDEX pdns_rdata ON pdns(rdata);
