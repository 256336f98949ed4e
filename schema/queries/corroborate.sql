-- corroborate: compare two sources of the same lookups (a server's query
-- log and a capture at that server, two servers' logs, a claimed log and
-- an independent capture) and count what they agree on.
--
-- Parameters:
--   :evidence_a, :evidence_b  evidence ids of the two sources
--   :tolerance_ms             how far apart (after the clock offset is taken
--                             out) two records of one lookup may be
--   :search_ms                window in which the clock offset is looked
--                             for (NULL: 300000, five minutes)
-- Columns: matched, only_in_a, only_in_b, clock_offset_ms (B minus A, the
--   median over each A query's nearest B query within :search_ms),
--   a_total, b_total.
--
-- Only queries (qr = 0) count. Two records are the same lookup when they
-- have the same query name, the same client address (both unknown counts
-- as the same) and compatible types (equal, or unknown on one side), and
-- their times differ by at most :tolerance_ms once the clock offset is
-- removed. The matching is one to one: each round pairs the records that
-- are each other's nearest candidate (ties broken by their order among
-- lookups of the same name from the same client, then by id), and three
-- rounds run over what is left, so repeated identical lookups pair up in
-- order instead of all claiming the same partner.
WITH
a AS (SELECT id, time_ns AS t, src, qname, qtype,
	row_number() OVER (PARTITION BY src, qname ORDER BY time_ns, id) AS k
	FROM dns_message WHERE evidence_id = :evidence_a AND qr = 0),
b AS (SELECT id, time_ns AS t, src, qname, qtype,
	row_number() OVER (PARTITION BY src, qname ORDER BY time_ns, id) AS k
	FROM dns_message WHERE evidence_id = :evidence_b AND qr = 0),
win AS (SELECT coalesce(:search_ms, 300000) * 1000000 AS s, :tolerance_ms * 1000000 AS tol),
nearest AS (SELECT b.t - a.t AS d,
	row_number() OVER (PARTITION BY a.id ORDER BY abs(b.t - a.t), b.id) AS rn
	FROM a JOIN b ON b.qname = a.qname AND b.src IS a.src, win
	WHERE b.t BETWEEN a.t - win.s AND a.t + win.s),
nd AS (SELECT d FROM nearest WHERE rn = 1),
off AS (SELECT coalesce((SELECT d FROM nd ORDER BY d LIMIT 1 OFFSET (SELECT count(*) FROM nd) / 2),
	0) AS o),
cand AS (SELECT a.id AS aid, b.id AS bid, abs(b.t - a.t - off.o) AS dist, abs(a.k - b.k) AS kd
	FROM a JOIN b ON b.qname = a.qname AND b.src IS a.src
		AND (a.qtype IS b.qtype OR a.qtype IS NULL OR b.qtype IS NULL), off, win
	WHERE b.t - a.t - off.o BETWEEN -win.tol AND win.tol),
r1 AS (SELECT aid, bid,
	row_number() OVER (PARTITION BY aid ORDER BY dist, kd, bid) AS ra,
	row_number() OVER (PARTITION BY bid ORDER BY dist, kd, aid) AS rb FROM cand),
m1 AS (SELECT aid, bid FROM r1 WHERE ra = 1 AND rb = 1),
c2 AS (SELECT * FROM cand WHERE aid NOT IN (SELECT aid FROM m1) AND bid NOT IN (SELECT bid FROM m1)),
r2 AS (SELECT aid, bid,
	row_number() OVER (PARTITION BY aid ORDER BY dist, kd, bid) AS ra,
	row_number() OVER (PARTITION BY bid ORDER BY dist, kd, aid) AS rb FROM c2),
m2 AS (SELECT aid, bid FROM r2 WHERE ra = 1 AND rb = 1),
c3 AS (SELECT * FROM c2 WHERE aid NOT IN (SELECT aid FROM m2) AND bid NOT IN (SELECT bid FROM m2)),
r3 AS (SELECT aid, bid,
	row_number() OVER (PARTITION BY aid ORDER BY dist, kd, bid) AS ra,
	row_number() OVER (PARTITION BY bid ORDER BY dist, kd, aid) AS rb FROM c3),
m3 AS (SELECT aid, bid FROM r3 WHERE ra = 1 AND rb = 1),
matched AS (SELECT * FROM m1 UNION ALL SELECT * FROM m2 UNION ALL SELECT * FROM m3)
SELECT (SELECT count(*) FROM matched) AS matched,
	(SELECT count(*) FROM a) - (SELECT count(*) FROM matched) AS only_in_a,
	(SELECT count(*) FROM b) - (SELECT count(*) FROM matched) AS only_in_b,
	(SELECT o FROM off) / 1000000.0 AS clock_offset_ms,
	(SELECT count(*) FROM a) AS a_total,
	(SELECT count(*) FROM b) AS b_total;
