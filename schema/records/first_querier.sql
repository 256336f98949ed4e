-- name: first_querier
-- records: the earliest DNS query (QR=0) of host
-- parts: first
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), look AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset, m.time_ns
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0 AND m.evidence_id IN sel
	ORDER BY m.time_ns, m.evidence_id, m.loc_index LIMIT 1
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset, 'first' AS part, NULL AS grp
FROM look;
