-- name: time_order
-- records: the DNS messages out of time order, and the queries that end a gap
-- parts: out of order = more than tolerance_ms before a time logged earlier; gap end = the first query after a gap
-- count out_of_order: part out of order
WITH sel AS (
	SELECT id FROM evidence
	WHERE source = :evidence OR (length(:evidence) >= 6 AND sha256 LIKE lower(:evidence) || '%')
), ord AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset, m.time_ns,
		max(m.time_ns) OVER (PARTITION BY m.evidence_id
		ORDER BY m.loc_index, m.loc_offset, m.id
		ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prevmax
	FROM dns_message m
	WHERE m.evidence_id IN sel
), iv AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset,
		m.time_ns - lag(m.time_ns) OVER (ORDER BY m.time_ns, m.id) AS gap
	FROM dns_message m
	WHERE m.evidence_id IN sel AND m.qr = 0
), ivs AS (
	SELECT * FROM iv WHERE gap IS NOT NULL
), med AS (
	SELECT (SELECT gap FROM ivs ORDER BY gap LIMIT 1 OFFSET (SELECT count(*) FROM ivs) / 2)
		AS m, (SELECT count(*) FROM ivs) AS n
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset, 'out of order' AS part,
	NULL AS grp
FROM ord
WHERE time_ns < prevmax - CAST(:tolerance_ms AS INTEGER) * 1000000
UNION ALL
SELECT 'dns_message', ivs.id, ivs.evidence_id, ivs.loc_index, ivs.loc_offset, 'gap end', NULL
FROM ivs, med
WHERE med.n >= 50 AND ivs.gap > max(med.m * 100, 3600000000000)
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
