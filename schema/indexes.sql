-- indexes.sql: indexes a case gets on first use, not at ingest (schema 5,
-- docs/case-format.md). Each is built, once, by the first query that
-- names it here (lib/layout.c), when the case can be written; a query
-- that finds it cannot build one runs without it, slower, to the same
-- result. An index holds no evidence: it changes no record, digest or
-- result, only how fast SQLite finds rows; a case without them is
-- smaller by their size, and most cases never need them.
--
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
