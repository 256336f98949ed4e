-- indexes.sql: indexes a case gets on first use, not at ingest (schema 5,
-- docs/case-format.md). Each is built, once, by the first query (or
-- claims run) that names it here ("*": every one; lib/store/layout.c), when the
-- case can be written; a query that finds it cannot build one runs
-- without it, slower, to the same result. An index holds no evidence: it
-- changes no record, digest or result, only how fast SQLite finds rows.
-- Built at ingest, these took a third of a capture's ingest time and a
-- fifth of its case.db; built once a case is queried, they cost the first
-- query about a second per million messages, in one sort each.
--
-- A host's lookups: every lookup query filters on qname = lower(:host)
-- first (docs/queries.md, "Performance"); the view joins str for the name,
-- so SQLite finds the name's ids by str_s (built at ingest), then its
-- messages here, by kind and time.
-- query: *
CREATE INDEX IF NOT EXISTS msg_qname ON msg(qname, qr, time_ns);

-- A host's addresses: the A and AAAA answers for a name
-- (connection_acceptance, preceded_by_session, requery_within_ttl).
-- query: *
CREATE INDEX IF NOT EXISTS rr_addr ON rr(name) WHERE section = 1 AND type IN (1, 28);

-- TCP flows to a port, in time order (connection_acceptance, tcp_sessions,
-- preceded_by_session).
-- query: *
CREATE INDEX IF NOT EXISTS flw_tcp ON flw(dport, first_ns) WHERE proto = 'tcp';

-- An evidence item's messages (every query and claim, custody_case_sources):
-- whether it has any, as claims and query ask of each evidence item, and its
-- rows alone, without reading the others'. 6.8 MB per million messages, in a
-- case that is ingested, verified and exported but never queried, saved.
-- query: *
CREATE INDEX IF NOT EXISTS msg_ev ON msg(evidence_id);

-- A querier's lookups by address (address_coverage): the DNS messages by
-- dns_message.src, the same expression the view computes, so that a
-- lookup of the view's text uses it, and time_ns, as schema 3's
-- dns_message_src had it: a query that looks for one source's lookups in
-- a window (the dedupe = server subqueries) then reads that window, not
-- every lookup the source made. Over every message, not only queries: an
-- index of the queries alone looked to SQLite like a cheaper way to read
-- every query, and a scan through it (a row fetched per entry) took
-- cross_server_duplicates from 0.15 to 1.6 s on 1M messages, 43 s on 15M.
-- query: address_coverage
CREATE INDEX IF NOT EXISTS msg_src ON msg(CASE typeof(src) WHEN 'integer' THEN
	((src >> 24) & 255) || '.' || ((src >> 16) & 255) || '.' || ((src >> 8) & 255) || '.'
	|| (src & 255) ELSE src END, time_ns);
