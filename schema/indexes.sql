-- indexes.sql: indexes a case gets on first use, not at ingest (schema 5,
-- docs/case-format.md). Each is built, once, by the first query that
-- names it here (lib/layout.c), when the case can be written; a query
-- that finds it cannot build one runs without it, slower, to the same
-- result. An index holds no evidence: it changes no record, digest or
-- result, only how fast SQLite finds rows; a case without them is
-- smaller by their size, and most cases never need them.
--
-- A querier's lookups by address (address_coverage): the DNS queries by
-- dns_message.src, the same expression the view computes, so that a
-- lookup of the view's text uses it.
-- query: address_coverage
CREATE INDEX IF NOT EXISTS msg_src ON msg(CASE typeof(src) WHEN 'integer' THEN
	((src >> 24) & 255) || '.' || ((src >> 16) & 255) || '.' || ((src >> 8) & 255) || '.'
	|| (src & 255) ELSE src END) WHERE qr = 0;
