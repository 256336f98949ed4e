-- name: time_order
-- summary: records out of time order and holes in the record, as custody lint reports them
-- param evidence: the evidence: a --source label, exactly (all its items), a SHA-256 prefix (6+ hex digits) or an id
-- param tolerance_ms = 1000: how far back a time may step before it counts as out of order
-- counts: out_of_order = DNS messages whose time is more than tolerance_ms
--   before a time logged earlier in the same evidence item (file order:
--   line or packet); largest_step_back_s = the largest such step. Gaps:
--   between consecutive DNS queries (QR=0) of the selected evidence in time
--   order, those longer than 100 times the median interval and at least an
--   hour (checked with 50 intervals or more, as lint does). One row per gap,
--   gap_start (UTC, the last query before it) and gap_s; gaps = how many;
--   median_s = the median interval. With no gap, one row with NULL gap_start
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE evidence_is(:evidence, id, source, sha256)
), ord AS (
	SELECT m.time_ns, max(m.time_ns) OVER (PARTITION BY m.evidence_id
		ORDER BY m.loc_index, m.loc_offset, m.id
		ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prevmax
	FROM dns_message m
	WHERE m.evidence_id IN sel
), back AS (
	SELECT prevmax - time_ns AS step FROM ord
	WHERE time_ns < prevmax - CAST(:tolerance_ms AS INTEGER) * 1000000
), iv AS (
	SELECT m.time_ns - lag(m.time_ns) OVER (ORDER BY m.time_ns, m.id) AS gap,
		lag(m.time_ns) OVER (ORDER BY m.time_ns, m.id) AS prev
	FROM dns_message m
	WHERE m.evidence_id IN sel AND m.qr = 0
), ivs AS (
	SELECT gap, prev FROM iv WHERE gap IS NOT NULL
), med AS (
	SELECT (SELECT gap FROM ivs ORDER BY gap LIMIT 1 OFFSET (SELECT count(*) FROM ivs) / 2)
		AS m, (SELECT count(*) FROM ivs) AS n
), big AS (
	SELECT ivs.prev, ivs.gap FROM ivs, med
	WHERE med.n >= 50 AND ivs.gap > max(med.m * 100, 3600000000000)
), summary AS (
	SELECT (SELECT count(*) FROM back) AS out_of_order,
		(SELECT round(max(step) / 1e9, 3) FROM back) AS largest_step_back_s,
		(SELECT count(*) FROM big) AS gaps,
		(SELECT round(m / 1e9, 3) FROM med) AS median_s
)
SELECT s.out_of_order, coalesce(s.largest_step_back_s, 0) AS largest_step_back_s, s.gaps,
	custody_iso(b.prev) AS gap_start, round(b.gap / 1e9, 3) AS gap_s, s.median_s
FROM summary s LEFT JOIN big b ON 1
ORDER BY b.prev;
