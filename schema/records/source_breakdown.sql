-- name: source_breakdown
-- records: the DNS queries (QR=0) of host in the window, grouped by organisation and address
-- group: org source
-- count lookups: group
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), look AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset, m.time_ns, m.src
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0
		.include lookup_filter
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	NULL AS part, coalesce(org_of(src, time_ns), '-') || ' / ' || src AS grp
FROM look
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
