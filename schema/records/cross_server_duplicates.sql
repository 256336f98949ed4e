-- name: cross_server_duplicates
-- records: the DNS queries (QR=0) counted as logged, by organisation
-- parts: duplicate = another server recorded the same lookup first; kept = the others
-- count logged: all
-- count duplicates: part duplicate
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), look AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset, org_of(m.src, m.time_ns) AS org,
		EXISTS (SELECT 1 FROM dns_message d
			WHERE d.qname = m.qname AND d.qr = 0 AND d.id < m.id AND d.evidence_id IN sel
			AND d.src IS m.src AND d.qtype IS m.qtype
			AND d.time_ns > m.time_ns - CAST(:seconds AS INTEGER) * 1000000000
			AND d.time_ns < m.time_ns + CAST(:seconds AS INTEGER) * 1000000000
			AND (d.evidence_id <> m.evidence_id OR d.server IS NOT m.server)) AS dup
	FROM dns_message m
	WHERE (:host IS NULL OR m.qname = lower(:host)) AND m.qr = 0
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN dup THEN 'duplicate' ELSE 'kept' END AS part, coalesce(org, '-') AS grp
FROM look
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
