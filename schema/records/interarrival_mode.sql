-- name: interarrival_mode
-- records: the DNS queries (QR=0) of host; each query after the first of its address ends one gap
-- parts: mode = ends a gap in the most common bin; other gap = ends another gap; first = first of its address
-- count mode_gaps: part mode
-- count gaps: part mode|other gap
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), look AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset, m.time_ns, m.src
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0 AND m.src IS NOT NULL
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
		AND (:dedupe = 'none' OR NOT EXISTS (SELECT 1 FROM dns_message d
			WHERE d.qname = m.qname AND d.qr = 0 AND d.id < m.id AND d.evidence_id IN sel
			AND d.src IS m.src AND d.qtype IS m.qtype
			AND d.time_ns > m.time_ns - 1000000000 AND d.time_ns < m.time_ns + 1000000000
			AND (d.evidence_id <> m.evidence_id OR d.server IS NOT m.server)))
		AND (:org IS NULL OR list_has(:org, org_of(m.src, m.time_ns)))
), g AS (
	SELECT id, evidence_id, loc_index, loc_offset, src,
		time_ns - lag(time_ns) OVER (PARTITION BY src ORDER BY time_ns, id) AS gap_ns
	FROM look
), b AS (
	SELECT g.*, CASE WHEN gap_ns IS NOT NULL THEN CAST((gap_ns + CAST(:bin AS INTEGER) *
		500000000) / (CAST(:bin AS INTEGER) * 1000000000) AS INTEGER) * CAST(:bin AS INTEGER)
		END AS bin_s
	FROM g
), hist AS (
	SELECT bin_s, count(*) AS n FROM b WHERE bin_s IS NOT NULL
	GROUP BY bin_s ORDER BY n DESC, bin_s LIMIT 1
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN bin_s IS NULL THEN 'first' WHEN bin_s = (SELECT bin_s FROM hist) THEN 'mode'
		ELSE 'other gap' END AS part, NULL AS grp
FROM b
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
