-- name: corroborate
-- summary: compare two records of the same lookups and count what they agree on
-- param evidence_a: the first source: a --source label, a SHA-256 prefix (6+ digits) or an evidence id
-- param evidence_b: the second source, named the same ways
-- param host?: only lookups of this name (default: every name)
-- param tolerance_ms: how far apart, once the clock offset is taken out, two records of one lookup may be
-- param search_ms = 300000: the window in which the clock offset is looked for
-- counts: DNS queries (QR=0) in each source. Two records are the same lookup
--   when they have the same query name and client address (both unknown
--   counts as the same), compatible types (equal, or unknown on one side),
--   and times within tolerance_ms once the clock offset (the median, over
--   each A query, of the nearest B query within search_ms; B minus A) is
--   removed. Matching is one to one: each of three rounds pairs records that
--   are each other's nearest candidate (ties by their order among lookups of
--   the same name from the same client, then by id), so repeated identical
--   lookups pair up in order. matched, only_a, only_b, offset_ms, a_total,
--   b_total.
-- needs: lookups
WITH
-- The host is matched as a range (one name, or every text name and NULL)
-- so that the qname index serves it: "(:host IS NULL OR qname = ...)"
-- read every row of a large capture. A blob sorts after all text.
a AS (SELECT id, time_ns AS t, src, qname, qtype,
	row_number() OVER (PARTITION BY src, qname ORDER BY time_ns, id) AS k
	FROM dns_message WHERE qr = 0 AND (qname BETWEEN coalesce(lower(:host), '')
		AND coalesce(lower(:host), x'ff') OR (:host IS NULL AND qname IS NULL))
		AND +evidence_id IN (SELECT id FROM evidence WHERE evidence_is(:evidence_a, id, source, sha256))),
b AS (SELECT id, time_ns AS t, src, qname, qtype,
	row_number() OVER (PARTITION BY src, qname ORDER BY time_ns, id) AS k
	FROM dns_message WHERE qr = 0 AND (qname BETWEEN coalesce(lower(:host), '')
		AND coalesce(lower(:host), x'ff') OR (:host IS NULL AND qname IS NULL))
		AND +evidence_id IN (SELECT id FROM evidence WHERE evidence_is(:evidence_b, id, source, sha256))),
win AS (SELECT coalesce(CAST(:search_ms AS INTEGER), 300000) * 1000000 AS s, :tolerance_ms * 1000000 AS tol),
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
	(SELECT count(*) FROM a) - (SELECT count(*) FROM matched) AS only_a,
	(SELECT count(*) FROM b) - (SELECT count(*) FROM matched) AS only_b,
	(SELECT o FROM off) / 1000000.0 AS offset_ms,
	(SELECT count(*) FROM a) AS a_total,
	(SELECT count(*) FROM b) AS b_total;
