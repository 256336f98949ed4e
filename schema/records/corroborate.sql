-- name: corroborate
-- records: the DNS queries (QR=0) of each source, matched one to one as the query matches them
-- parts: a matched / a only = in evidence_a, matched or not; b matched / b only = in evidence_b
-- count matched: part a matched
-- count only_a: part a only
-- count only_b: part b only
-- count a_total: part a matched|a only
-- count b_total: part b matched|b only
WITH
-- The host is matched as a range (one name, or every text name and NULL)
-- so that the qname index serves it: "(:host IS NULL OR qname = ...)"
-- read every row of a large capture. A blob sorts after all text.
a AS (SELECT id, evidence_id, loc_index, loc_offset, time_ns AS t, src, qname, qtype,
	row_number() OVER (PARTITION BY src, qname ORDER BY time_ns, id) AS k
	FROM dns_message WHERE qr = 0 AND (qname BETWEEN coalesce(lower(:host), '')
		AND coalesce(lower(:host), x'ff') OR (:host IS NULL AND qname IS NULL))
		AND +evidence_id IN (SELECT id FROM evidence WHERE id = :evidence_a
		OR source = :evidence_a OR (length(:evidence_a) >= 6 AND sha256 LIKE lower(:evidence_a) || '%'))),
b AS (SELECT id, evidence_id, loc_index, loc_offset, time_ns AS t, src, qname, qtype,
	row_number() OVER (PARTITION BY src, qname ORDER BY time_ns, id) AS k
	FROM dns_message WHERE qr = 0 AND (qname BETWEEN coalesce(lower(:host), '')
		AND coalesce(lower(:host), x'ff') OR (:host IS NULL AND qname IS NULL))
		AND +evidence_id IN (SELECT id FROM evidence WHERE id = :evidence_b
		OR source = :evidence_b OR (length(:evidence_b) >= 6 AND sha256 LIKE lower(:evidence_b) || '%'))),
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
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN id IN (SELECT aid FROM matched) THEN 'a matched' ELSE 'a only' END AS part,
	NULL AS grp
FROM a
UNION ALL
SELECT 'dns_message', id, evidence_id, loc_index, loc_offset,
	CASE WHEN id IN (SELECT bid FROM matched) THEN 'b matched' ELSE 'b only' END, NULL
FROM b
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
