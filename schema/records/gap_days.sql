-- name: gap_days
-- records: the last NOERROR response with an answer for host_a, and the first query of host_b
-- parts: last answer of host_a; first lookup of host_b
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), a AS (
	SELECT id, evidence_id, loc_index, loc_offset FROM dns_message
	WHERE qname = lower(:host_a) AND qr = 1 AND rcode = 0 AND ancount > 0
		AND evidence_id IN sel
	ORDER BY time_ns DESC, id DESC LIMIT 1
), b AS (
	SELECT id, evidence_id, loc_index, loc_offset FROM dns_message
	WHERE qname = lower(:host_b) AND qr = 0 AND evidence_id IN sel
	ORDER BY time_ns, id LIMIT 1
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	'last answer of host_a' AS part, NULL AS grp FROM a
UNION ALL
SELECT 'dns_message', id, evidence_id, loc_index, loc_offset, 'first lookup of host_b', NULL
FROM b
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
