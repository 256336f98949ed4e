-- case.sql: the schema of a custody case database (case.db).
--
-- PRAGMA user_version is the schema version; lib/store/case.c creates it on a new
-- case and migrates older ones. Record tables share three columns:
-- evidence_id (which original), loc_index (packet number or line number,
-- from 1) and loc_offset (byte offset of the packet record or line in the
-- original), so every figure can be traced to raw bytes. The parse digest
-- (docs/case-format.md) is computed over every record table in the order
-- listed in lib/records/sink.c, all columns but id and evidence_id. The
-- DNS and flow records (dns_message, dns_answer, flow) are views over the
-- compact tables of schema/records.sql, which lib/sql/db.c runs after this
-- file.

PRAGMA user_version = 5;

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
