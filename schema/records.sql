-- records.sql: the record layout of a case database (schema 5), run after
-- case.sql on a new case and by schema/migrate/5.sql on an older one.
--
-- The records a parser makes are stored compactly (docs/case-format.md
-- says why and what each encoding is): a DNS message is one row of msg,
-- its names and the server's strings are kept once in str, IPv4 addresses
-- are integers, the small header fields share one integer (h), and its
-- EDNS OPT record lives in its row. Other resource records are rows of
-- rr, clustered on their message. A UDP flow whose first packet is a
-- stored message is a row of uflow that points at it; other flows are
-- rows of flw.
--
-- The views dns_message, dns_answer and flow give the records back with
-- the columns, values and types schema 3 stored, using only SQLite's own
-- functions: every fixed query, the parse digest and a plain sqlite3 read
-- them as before. Rows written through the views (INSTEAD OF triggers)
-- are encoded in SQL the way lib/records/sink.c encodes them in C.

-- Strings kept once: DNS names (with their wire form, for a question
-- name), a log line's server or view name with its flag letters (w holds
-- the letters there). No two rows need
-- differ: a writer may store the same string again. A message with no
-- question name names a row whose s and w are both NULL, so that dns_message
-- joins str with no LEFT JOIN and a lookup by name starts from str_s.
CREATE TABLE str (
	id INTEGER PRIMARY KEY,
	s  TEXT,                         -- the text
	w  BLOB                          -- a question name's wire form, or log flags, or NULL
);
CREATE INDEX str_s ON str(s);

-- One row per DNS message. Columns the view computes are explained there.
CREATE TABLE msg (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	qname       INTEGER NOT NULL,    -- str.id: qname and qname_wire (both NULL too)
	qr          INTEGER NOT NULL,
	time_ns     INTEGER NOT NULL,
	src,                             -- IPv4 as a signed 32-bit integer, else text
	dst,
	sport       INTEGER,             -- 32768..65535 less 65536 (two octets, not three)
	dport       INTEGER,
	dns_id      INTEGER,
	h           INTEGER NOT NULL,    -- packed header fields (dns_message view)
	loc_index   INTEGER NOT NULL,
	loc_offset  INTEGER NOT NULL,
	server      INTEGER,             -- str.id: server (s) and log_flags (w), both NULL: NULL
	opt         INTEGER,             -- the OPT record: idx + 65536 * (ttl >> 15)
	x           TEXT,                -- JSON: ecs, and values h has no code for
	rl          INTEGER              -- response_loc - loc_index
);
-- (msg_qname, msg_ev and msg_src are built on first use: schema/indexes.sql.)

-- Resource records other than a message's OPT record.
CREATE TABLE rr (
	msg_id      INTEGER NOT NULL,    -- msg.id
	idx         INTEGER NOT NULL,
	section     INTEGER NOT NULL,
	name        INTEGER NOT NULL,    -- str.id
	type        INTEGER NOT NULL,
	class       INTEGER NOT NULL,
	ttl         INTEGER NOT NULL,
	rdata,                           -- A: IPv4 as in msg.src; NS, CNAME, PTR,
	                                 -- DNAME: str.id; else text
	rdata_raw   BLOB,
	PRIMARY KEY (msg_id, idx)
) WITHOUT ROWID;
-- (rr_addr is built on first use: schema/indexes.sql.)

-- Flows stored whole: TCP, and UDP flows that no stored message begins.
CREATE TABLE flw (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,
	loc_offset  INTEGER NOT NULL,
	proto       TEXT NOT NULL,
	src         NOT NULL,            -- as msg.src
	sport       INTEGER NOT NULL,
	dst         NOT NULL,
	dport       INTEGER NOT NULL,
	first_ns    INTEGER NOT NULL,
	dur         INTEGER NOT NULL,    -- last_ns - first_ns
	packets     INTEGER NOT NULL,
	bytes_fwd   INTEGER NOT NULL,
	bytes_rev   INTEGER NOT NULL,
	syn         INTEGER NOT NULL DEFAULT 0,
	synack      INTEGER NOT NULL DEFAULT 0,
	rst         INTEGER NOT NULL DEFAULT 0,
	fin         INTEGER NOT NULL DEFAULT 0,
	established INTEGER NOT NULL DEFAULT 0
);
-- (flw_tcp is built on first use: schema/indexes.sql.)

-- A UDP flow whose first packet is the stored message msg_id: its
-- locator, time, addresses and ports are that message's; the flow view
-- gives it the id -msg_id (flw's ids are positive).
CREATE TABLE uflow (
	msg_id      INTEGER PRIMARY KEY, -- msg.id
	dur         INTEGER NOT NULL,
	packets     INTEGER NOT NULL,
	bytes_fwd   INTEGER NOT NULL,
	bytes_rev   INTEGER NOT NULL
);

-- h, low bit first: arcount 2 bits, edns_udp 3, edns_do 2, ancount 3,
-- qtype 4, flags 8, rcode 4, opcode 3, nscount 2, qdcount 2, qclass 2,
-- transport 2, time_prec 4. Each field has a code for NULL, codes for its
-- common values (the commonest is 0, so a typical h is 2 or 3 octets) and
-- one that sends the reader to the field's key in x. x also holds ecs
-- (a text with octets over 0x7F, which a JSON string cannot hold exactly,
-- is a str row named by "ecs_str", or for transport "transport_str").
CREATE VIEW dns_message AS
SELECT msg.id AS id, msg.evidence_id AS evidence_id, msg.loc_index AS loc_index,
	msg.loc_offset AS loc_offset, msg.time_ns AS time_ns,
	CASE WHEN (msg.h >> 37) & 15 < 10 THEN (((msg.h >> 37) & 15) + 6) % 10
		ELSE json_extract(msg.x, '$.time_prec') END AS time_prec,
	CASE typeof(msg.src) WHEN 'integer' THEN ((msg.src >> 24) & 255) || '.' || ((msg.src >> 16) & 255)
		|| '.' || ((msg.src >> 8) & 255) || '.' || (msg.src & 255) ELSE msg.src END AS src,
	CASE WHEN msg.sport BETWEEN -32768 AND -1 THEN msg.sport + 65536
		WHEN msg.sport IS NULL THEN json_extract(msg.x, '$.sport') ELSE msg.sport END AS sport,
	CASE typeof(msg.dst) WHEN 'integer' THEN ((msg.dst >> 24) & 255) || '.' || ((msg.dst >> 16) & 255)
		|| '.' || ((msg.dst >> 8) & 255) || '.' || (msg.dst & 255) ELSE msg.dst END AS dst,
	CASE WHEN msg.dport BETWEEN -32768 AND -1 THEN msg.dport + 65536
		WHEN msg.dport IS NULL THEN json_extract(msg.x, '$.dport') ELSE msg.dport END AS dport,
	CASE (msg.h >> 35) & 3 WHEN 0 THEN 'udp' WHEN 1 THEN 'tcp' WHEN 2 THEN NULL
		ELSE coalesce(json_extract(msg.x, '$.transport'), (SELECT s FROM str
			WHERE id = json_extract(msg.x, '$.transport_str'))) END AS transport,
	sv.s AS server,
	CASE WHEN msg.dns_id BETWEEN -32768 AND -1 THEN msg.dns_id + 65536
		WHEN msg.dns_id IS NULL THEN json_extract(msg.x, '$.dns_id') ELSE msg.dns_id END AS dns_id,
	msg.qr AS qr,
	CASE (msg.h >> 26) & 7 WHEN 0 THEN 0 WHEN 1 THEN NULL WHEN 7 THEN json_extract(msg.x, '$.opcode')
		ELSE ((msg.h >> 26) & 7) - 1 END AS opcode,
	CASE (msg.h >> 14) & 255 WHEN 128 THEN NULL WHEN 255 THEN json_extract(msg.x, '$.flags')
		ELSE ((((msg.h >> 14) & 127) + 16) % 128) << 4 END AS flags,
	CASE WHEN (msg.h >> 22) & 15 < 13 THEN (msg.h >> 22) & 15 WHEN (msg.h >> 22) & 15 = 13 THEN NULL
		ELSE json_extract(msg.x, '$.rcode') END AS rcode,
	qn.s AS qname, qn.w AS qname_wire,
	CASE (msg.h >> 10) & 15 WHEN 0 THEN 1 WHEN 1 THEN 28 WHEN 2 THEN 15 WHEN 3 THEN 16
		WHEN 4 THEN 5 WHEN 5 THEN 2 WHEN 6 THEN 12 WHEN 7 THEN 6 WHEN 8 THEN 33 WHEN 9 THEN 65
		WHEN 10 THEN 255 WHEN 11 THEN 64 WHEN 12 THEN 43 WHEN 13 THEN 48 WHEN 14 THEN NULL
		ELSE json_extract(msg.x, '$.qtype') END AS qtype,
	CASE (msg.h >> 33) & 3 WHEN 0 THEN 1 WHEN 1 THEN NULL WHEN 2 THEN 3
		ELSE json_extract(msg.x, '$.qclass') END AS qclass,
	CASE (msg.h >> 31) & 3 WHEN 0 THEN 1 WHEN 1 THEN 0 WHEN 2 THEN NULL
		ELSE json_extract(msg.x, '$.qdcount') END AS qdcount,
	CASE WHEN (msg.h >> 7) & 7 < 6 THEN (msg.h >> 7) & 7 WHEN (msg.h >> 7) & 7 = 6 THEN NULL
		ELSE json_extract(msg.x, '$.ancount') END AS ancount,
	CASE (msg.h >> 29) & 3 WHEN 2 THEN NULL WHEN 3 THEN json_extract(msg.x, '$.nscount')
		ELSE (msg.h >> 29) & 3 END AS nscount,
	CASE msg.h & 3 WHEN 2 THEN NULL WHEN 3 THEN json_extract(msg.x, '$.arcount')
		ELSE msg.h & 3 END AS arcount,
	CASE (msg.h >> 2) & 7 WHEN 0 THEN NULL WHEN 1 THEN 1232 WHEN 2 THEN 4096 WHEN 3 THEN 512
		WHEN 4 THEN 1400 WHEN 5 THEN 1452 WHEN 6 THEN 65535
		ELSE json_extract(msg.x, '$.edns_udp') END AS edns_udp,
	CASE (msg.h >> 5) & 3 WHEN 0 THEN NULL WHEN 1 THEN 0 WHEN 2 THEN 1
		ELSE json_extract(msg.x, '$.edns_do') END AS edns_do,
	CASE WHEN msg.x IS NOT NULL THEN coalesce(json_extract(msg.x, '$.ecs'),
		(SELECT s FROM str WHERE id = json_extract(msg.x, '$.ecs_str'))) END AS ecs,
	CAST(sv.w AS TEXT) AS log_flags, msg.loc_index + msg.rl AS response_loc
FROM msg
	JOIN str AS qn ON qn.id = msg.qname
	LEFT JOIN str AS sv ON sv.id = msg.server;

-- A message's OPT record (with no options) is given back from its row:
-- name '.', type 41, class its edns_udp, no rdata text, empty rdata_raw.
CREATE VIEW dns_answer AS
SELECT (rr.msg_id << 16) + rr.idx AS id, msg.evidence_id AS evidence_id, msg.loc_index AS loc_index,
	msg.loc_offset AS loc_offset, rr.msg_id AS message_id, rr.section AS section, rr.idx AS idx,
	rn.s AS name, rr.type AS type, rr.class AS class, rr.ttl AS ttl,
	CASE WHEN typeof(rr.rdata) <> 'integer' THEN rr.rdata
		WHEN rr.type = 1 THEN ((rr.rdata >> 24) & 255) || '.' || ((rr.rdata >> 16) & 255) || '.'
			|| ((rr.rdata >> 8) & 255) || '.' || (rr.rdata & 255)
		ELSE (SELECT s FROM str WHERE id = rr.rdata) END AS rdata,
	rr.rdata_raw AS rdata_raw
FROM rr JOIN msg ON msg.id = rr.msg_id JOIN str AS rn ON rn.id = rr.name
UNION ALL
SELECT (msg.id << 16) + (msg.opt & 65535), msg.evidence_id, msg.loc_index, msg.loc_offset, msg.id, 3,
	msg.opt & 65535, '.', 41,
	CASE (msg.h >> 2) & 7 WHEN 0 THEN NULL WHEN 1 THEN 1232 WHEN 2 THEN 4096 WHEN 3 THEN 512
		WHEN 4 THEN 1400 WHEN 5 THEN 1452 WHEN 6 THEN 65535
		ELSE json_extract(msg.x, '$.edns_udp') END,
	(msg.opt >> 16) << 15, NULL, x''
FROM msg WHERE msg.opt IS NOT NULL;

CREATE VIEW flow AS
SELECT flw.id AS id, flw.evidence_id AS evidence_id, flw.loc_index AS loc_index,
	flw.loc_offset AS loc_offset, flw.proto AS proto,
	CASE typeof(flw.src) WHEN 'integer' THEN ((flw.src >> 24) & 255) || '.' || ((flw.src >> 16) & 255)
		|| '.' || ((flw.src >> 8) & 255) || '.' || (flw.src & 255) ELSE flw.src END AS src,
	flw.sport AS sport,
	CASE typeof(flw.dst) WHEN 'integer' THEN ((flw.dst >> 24) & 255) || '.' || ((flw.dst >> 16) & 255)
		|| '.' || ((flw.dst >> 8) & 255) || '.' || (flw.dst & 255) ELSE flw.dst END AS dst,
	flw.dport AS dport, flw.first_ns AS first_ns, flw.first_ns + flw.dur AS last_ns,
	flw.packets AS packets, flw.bytes_fwd AS bytes_fwd, flw.bytes_rev AS bytes_rev, flw.syn AS syn,
	flw.synack AS synack, flw.rst AS rst, flw.fin AS fin, flw.established AS established
FROM flw
UNION ALL
SELECT -uflow.msg_id, msg.evidence_id, msg.loc_index, msg.loc_offset, 'udp',
	CASE typeof(msg.src) WHEN 'integer' THEN ((msg.src >> 24) & 255) || '.' || ((msg.src >> 16) & 255)
		|| '.' || ((msg.src >> 8) & 255) || '.' || (msg.src & 255) ELSE msg.src END,
	CASE WHEN msg.sport BETWEEN -32768 AND -1 THEN msg.sport + 65536
		WHEN msg.sport IS NULL THEN json_extract(msg.x, '$.sport') ELSE msg.sport END,
	CASE typeof(msg.dst) WHEN 'integer' THEN ((msg.dst >> 24) & 255) || '.' || ((msg.dst >> 16) & 255)
		|| '.' || ((msg.dst >> 8) & 255) || '.' || (msg.dst & 255) ELSE msg.dst END,
	CASE WHEN msg.dport BETWEEN -32768 AND -1 THEN msg.dport + 65536
		WHEN msg.dport IS NULL THEN json_extract(msg.x, '$.dport') ELSE msg.dport END,
	msg.time_ns, msg.time_ns + uflow.dur, uflow.packets, uflow.bytes_fwd, uflow.bytes_rev, 0, 0, 0, 0, 0
FROM uflow JOIN msg ON msg.id = uflow.msg_id;

-- Writing through the views: a row is encoded as lib/records/sink.c encodes it
-- (addresses stay text here; a value with no code in h goes to x). Like
-- the columns of schema 3, text columns take numbers as text, and
-- time_prec and the TCP flags default as they did. Change the stored
-- rows in the tables above; these views take INSERT and DELETE only.
CREATE TRIGGER dns_message_insert INSTEAD OF INSERT ON dns_message
BEGIN
	INSERT INTO str(s, w) SELECT NEW.qname, NEW.qname_wire
	WHERE NOT EXISTS (SELECT 1 FROM str WHERE s IS NEW.qname AND w IS NEW.qname_wire);
	INSERT INTO str(s, w) SELECT NEW.server, CAST(NEW.log_flags AS BLOB)
	WHERE (NEW.server IS NOT NULL OR NEW.log_flags IS NOT NULL)
		AND NOT EXISTS (SELECT 1 FROM str WHERE s IS NEW.server
			AND w IS CAST(NEW.log_flags AS BLOB));
	INSERT INTO msg(id, evidence_id, qname, qr, time_ns, src, dst, sport, dport, dns_id, h,
		loc_index, loc_offset, server, x, rl)
	SELECT NEW.id, NEW.evidence_id,
		(SELECT id FROM str WHERE s IS NEW.qname AND w IS NEW.qname_wire ORDER BY id LIMIT 1),
		NEW.qr, NEW.time_ns,
		CASE WHEN typeof(NEW.src) IN ('integer', 'real') THEN CAST(NEW.src AS TEXT)
			ELSE NEW.src END,
		CASE WHEN typeof(NEW.dst) IN ('integer', 'real') THEN CAST(NEW.dst AS TEXT)
			ELSE NEW.dst END,
		CASE WHEN typeof(NEW.sport) = 'integer' AND NEW.sport BETWEEN 32768 AND 65535
			THEN NEW.sport - 65536 WHEN typeof(NEW.sport) = 'integer'
			AND NEW.sport BETWEEN -32768 AND -1 THEN NULL ELSE NEW.sport END,
		CASE WHEN typeof(NEW.dport) = 'integer' AND NEW.dport BETWEEN 32768 AND 65535
			THEN NEW.dport - 65536 WHEN typeof(NEW.dport) = 'integer'
			AND NEW.dport BETWEEN -32768 AND -1 THEN NULL ELSE NEW.dport END,
		CASE WHEN typeof(NEW.dns_id) = 'integer' AND NEW.dns_id BETWEEN 32768 AND 65535
			THEN NEW.dns_id - 65536 WHEN typeof(NEW.dns_id) = 'integer'
			AND NEW.dns_id BETWEEN -32768 AND -1 THEN NULL ELSE NEW.dns_id END,
		c.arcount | (c.edns_udp << 2) | (c.edns_do << 5) | (c.ancount << 7) | (c.qtype << 10)
			| (c.flags << 14) | (c.rcode << 22) | (c.opcode << 26) | (c.nscount << 29)
			| (c.qdcount << 31) | (c.qclass << 33) | (c.transport << 35) | (c.time_prec << 37),
		NEW.loc_index, NEW.loc_offset,
		CASE WHEN NEW.server IS NOT NULL OR NEW.log_flags IS NOT NULL THEN (SELECT id FROM str
			WHERE s IS NEW.server AND w IS CAST(NEW.log_flags AS BLOB) ORDER BY id LIMIT 1) END,
		nullif('{' || substr(
			CASE WHEN c.arcount = 3 THEN ',"arcount":' || json_quote(NEW.arcount) ELSE '' END ||
			CASE WHEN c.edns_udp = 7 THEN ',"edns_udp":' || json_quote(NEW.edns_udp) ELSE '' END ||
			CASE WHEN c.edns_do = 3 THEN ',"edns_do":' || json_quote(NEW.edns_do) ELSE '' END ||
			CASE WHEN c.ancount = 7 THEN ',"ancount":' || json_quote(NEW.ancount) ELSE '' END ||
			CASE WHEN c.qtype = 15 THEN ',"qtype":' || json_quote(NEW.qtype) ELSE '' END ||
			CASE WHEN c.flags = 255 THEN ',"flags":' || json_quote(NEW.flags) ELSE '' END ||
			CASE WHEN c.rcode = 15 THEN ',"rcode":' || json_quote(NEW.rcode) ELSE '' END ||
			CASE WHEN c.opcode = 7 THEN ',"opcode":' || json_quote(NEW.opcode) ELSE '' END ||
			CASE WHEN c.nscount = 3 THEN ',"nscount":' || json_quote(NEW.nscount) ELSE '' END ||
			CASE WHEN c.qdcount = 3 THEN ',"qdcount":' || json_quote(NEW.qdcount) ELSE '' END ||
			CASE WHEN c.qclass = 3 THEN ',"qclass":' || json_quote(NEW.qclass) ELSE '' END ||
			CASE WHEN c.transport = 3 THEN ',"transport":' || json_quote(NEW.transport) ELSE '' END ||
			CASE WHEN c.time_prec = 15 THEN ',"time_prec":'
				|| json_quote(coalesce(NEW.time_prec, 6)) ELSE '' END ||
			CASE WHEN NEW.ecs IS NOT NULL THEN ',"ecs":' || json_quote(CAST(NEW.ecs AS TEXT))
				ELSE '' END ||
			CASE WHEN typeof(NEW.sport) = 'integer' AND NEW.sport BETWEEN -32768 AND -1
				THEN ',"sport":' || NEW.sport ELSE '' END ||
			CASE WHEN typeof(NEW.dport) = 'integer' AND NEW.dport BETWEEN -32768 AND -1
				THEN ',"dport":' || NEW.dport ELSE '' END ||
			CASE WHEN typeof(NEW.dns_id) = 'integer' AND NEW.dns_id BETWEEN -32768 AND -1
				THEN ',"dns_id":' || NEW.dns_id ELSE '' END, 2) || '}', '{}'),
		NEW.response_loc - NEW.loc_index
	FROM (SELECT
		CASE WHEN NEW.arcount IS NULL THEN 2 WHEN typeof(NEW.arcount) = 'integer'
			AND NEW.arcount IN (0, 1) THEN NEW.arcount ELSE 3 END AS arcount,
		CASE WHEN NEW.edns_udp IS NULL THEN 0 WHEN typeof(NEW.edns_udp) <> 'integer' THEN 7
			WHEN NEW.edns_udp = 1232 THEN 1 WHEN NEW.edns_udp = 4096 THEN 2
			WHEN NEW.edns_udp = 512 THEN 3 WHEN NEW.edns_udp = 1400 THEN 4
			WHEN NEW.edns_udp = 1452 THEN 5 WHEN NEW.edns_udp = 65535 THEN 6 ELSE 7 END AS edns_udp,
		CASE WHEN NEW.edns_do IS NULL THEN 0 WHEN typeof(NEW.edns_do) = 'integer'
			AND NEW.edns_do IN (0, 1) THEN NEW.edns_do + 1 ELSE 3 END AS edns_do,
		CASE WHEN NEW.ancount IS NULL THEN 6 WHEN typeof(NEW.ancount) = 'integer'
			AND NEW.ancount BETWEEN 0 AND 5 THEN NEW.ancount ELSE 7 END AS ancount,
		CASE WHEN NEW.qtype IS NULL THEN 14 WHEN typeof(NEW.qtype) <> 'integer' THEN 15
			ELSE coalesce((SELECT k FROM (SELECT 0 AS k, 1 AS v UNION ALL SELECT 1, 28
				UNION ALL SELECT 2, 15 UNION ALL SELECT 3, 16 UNION ALL SELECT 4, 5
				UNION ALL SELECT 5, 2 UNION ALL SELECT 6, 12 UNION ALL SELECT 7, 6
				UNION ALL SELECT 8, 33 UNION ALL SELECT 9, 65 UNION ALL SELECT 10, 255
				UNION ALL SELECT 11, 64 UNION ALL SELECT 12, 43 UNION ALL SELECT 13, 48)
				WHERE v = NEW.qtype), 15) END AS qtype,
		CASE WHEN NEW.flags IS NULL THEN 128 WHEN typeof(NEW.flags) = 'integer'
			AND NEW.flags BETWEEN 0 AND 2032 AND NEW.flags & 15 = 0
			THEN ((NEW.flags >> 4) + 112) % 128 ELSE 255 END AS flags,
		CASE WHEN NEW.rcode IS NULL THEN 13 WHEN typeof(NEW.rcode) = 'integer'
			AND NEW.rcode BETWEEN 0 AND 12 THEN NEW.rcode ELSE 15 END AS rcode,
		CASE WHEN NEW.opcode IS NULL THEN 1 WHEN typeof(NEW.opcode) <> 'integer' THEN 7
			WHEN NEW.opcode = 0 THEN 0 WHEN NEW.opcode BETWEEN 1 AND 5 THEN NEW.opcode + 1
			ELSE 7 END AS opcode,
		CASE WHEN NEW.nscount IS NULL THEN 2 WHEN typeof(NEW.nscount) = 'integer'
			AND NEW.nscount IN (0, 1) THEN NEW.nscount ELSE 3 END AS nscount,
		CASE WHEN NEW.qdcount IS NULL THEN 2 WHEN typeof(NEW.qdcount) <> 'integer' THEN 3
			WHEN NEW.qdcount = 1 THEN 0 WHEN NEW.qdcount = 0 THEN 1 ELSE 3 END AS qdcount,
		CASE WHEN NEW.qclass IS NULL THEN 1 WHEN typeof(NEW.qclass) <> 'integer' THEN 3
			WHEN NEW.qclass = 1 THEN 0 WHEN NEW.qclass = 3 THEN 2 ELSE 3 END AS qclass,
		CASE WHEN NEW.transport IS NULL THEN 2 WHEN typeof(NEW.transport) <> 'text' THEN 3
			WHEN NEW.transport = 'udp' THEN 0 WHEN NEW.transport = 'tcp' THEN 1
			ELSE 3 END AS transport,
		CASE WHEN typeof(coalesce(NEW.time_prec, 6)) = 'integer'
			AND coalesce(NEW.time_prec, 6) BETWEEN 0 AND 9
			THEN (coalesce(NEW.time_prec, 6) + 4) % 10 ELSE 15 END AS time_prec) c;
END;

CREATE TRIGGER dns_message_delete INSTEAD OF DELETE ON dns_message
BEGIN
	DELETE FROM rr WHERE msg_id = OLD.id;
	DELETE FROM uflow WHERE msg_id = OLD.id;
	DELETE FROM msg WHERE id = OLD.id;
END;

-- An answer's evidence and locator are its message's: one that names
-- another is refused.
CREATE TRIGGER dns_answer_insert INSTEAD OF INSERT ON dns_answer
BEGIN
	SELECT RAISE(ABORT, 'dns_answer: evidence_id, loc_index and loc_offset must be those of the message message_id names')
	WHERE NOT EXISTS (SELECT 1 FROM msg WHERE id = NEW.message_id
		AND evidence_id = NEW.evidence_id AND loc_index = NEW.loc_index
		AND loc_offset = NEW.loc_offset);
	SELECT RAISE(ABORT, 'NOT NULL constraint failed: dns_answer.name') WHERE NEW.name IS NULL;
	INSERT INTO str(s) SELECT NEW.name
	WHERE NOT EXISTS (SELECT 1 FROM str WHERE s IS NEW.name AND w IS NULL);
	INSERT INTO rr(msg_id, idx, section, name, type, class, ttl, rdata, rdata_raw)
	VALUES (NEW.message_id, NEW.idx, NEW.section,
		(SELECT id FROM str WHERE s IS NEW.name AND w IS NULL ORDER BY id LIMIT 1),
		NEW.type, NEW.class, NEW.ttl,
		CASE WHEN typeof(NEW.rdata) IN ('integer', 'real') THEN CAST(NEW.rdata AS TEXT)
			ELSE NEW.rdata END,
		NEW.rdata_raw);
END;

CREATE TRIGGER dns_answer_delete INSTEAD OF DELETE ON dns_answer
BEGIN
	DELETE FROM rr WHERE msg_id = OLD.message_id AND idx = OLD.idx;
	UPDATE msg SET opt = NULL
	WHERE id = OLD.message_id AND opt & 65535 = OLD.idx
		AND NOT EXISTS (SELECT 1 FROM rr WHERE msg_id = OLD.message_id AND idx = OLD.idx);
END;

CREATE TRIGGER flow_insert INSTEAD OF INSERT ON flow
BEGIN
	INSERT INTO flw(id, evidence_id, loc_index, loc_offset, proto, src, sport, dst, dport,
		first_ns, dur, packets, bytes_fwd, bytes_rev, syn, synack, rst, fin, established)
	VALUES (coalesce(NEW.id, 1 + coalesce((SELECT max(id) FROM flw), 0)),
		NEW.evidence_id, NEW.loc_index, NEW.loc_offset, NEW.proto,
		CASE WHEN typeof(NEW.src) IN ('integer', 'real') THEN CAST(NEW.src AS TEXT)
			ELSE NEW.src END,
		NEW.sport,
		CASE WHEN typeof(NEW.dst) IN ('integer', 'real') THEN CAST(NEW.dst AS TEXT)
			ELSE NEW.dst END,
		NEW.dport, NEW.first_ns, NEW.last_ns - NEW.first_ns, NEW.packets, NEW.bytes_fwd,
		NEW.bytes_rev, coalesce(NEW.syn, 0), coalesce(NEW.synack, 0), coalesce(NEW.rst, 0),
		coalesce(NEW.fin, 0), coalesce(NEW.established, 0));
END;

CREATE TRIGGER flow_delete INSTEAD OF DELETE ON flow
BEGIN
	DELETE FROM flw WHERE id = OLD.id;
	DELETE FROM uflow WHERE msg_id = -OLD.id;
END;
