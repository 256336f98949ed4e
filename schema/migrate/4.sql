-- Schema 3 -> 4: two record tables. flow_state keeps what a Zeek sensor's
-- conn.log says of a flow beside the flow table (connection state and
-- history); pdns keeps passive DNS in the Common Output Format, aggregates
-- that no fixed query counts as lookups. Older evidence has no rows in
-- either, and the parse digest lists these tables only for evidence that
-- has rows in them, so every parse digest recorded before stays as it was.
CREATE TABLE flow_state (
	id            INTEGER PRIMARY KEY,
	evidence_id   INTEGER NOT NULL REFERENCES evidence(id),
	loc_index     INTEGER NOT NULL,
	loc_offset    INTEGER NOT NULL,
	uid           TEXT,
	service       TEXT,
	conn_state    TEXT,
	history       TEXT,
	orig_pkts     INTEGER,
	orig_ip_bytes INTEGER,
	resp_pkts     INTEGER,
	resp_ip_bytes INTEGER,
	missed_bytes  INTEGER
);
CREATE INDEX flow_state_loc ON flow_state(evidence_id, loc_index, loc_offset);
CREATE TABLE pdns (
	id            INTEGER PRIMARY KEY,
	evidence_id   INTEGER NOT NULL REFERENCES evidence(id),
	loc_index     INTEGER NOT NULL,
	loc_offset    INTEGER NOT NULL,
	rrname        TEXT NOT NULL,
	rrtype        INTEGER NOT NULL,
	rdata         TEXT NOT NULL,
	time_first_ns INTEGER NOT NULL,
	time_last_ns  INTEGER NOT NULL,
	count         INTEGER,
	bailiwick     TEXT,
	sensor_id     TEXT,
	zone_time_first_ns INTEGER,
	zone_time_last_ns  INTEGER,
	origin        TEXT
);
CREATE INDEX pdns_loc ON pdns(evidence_id, loc_index, loc_offset);
CREATE INDEX pdns_rrname ON pdns(rrname, time_last_ns);
CREATE INDEX pdns_rdata ON pdns(rdata);
PRAGMA user_version = 4;
