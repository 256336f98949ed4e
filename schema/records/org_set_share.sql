-- name: org_set_share
-- records: the DNS queries (QR=0) of host in the window
-- parts: numerator = from one of orgs; denominator only = from anyone else
-- count lookups: part numerator
-- count total: all
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
	CASE WHEN list_has(:orgs, org_of(src, time_ns)) THEN 'numerator'
		ELSE 'denominator only' END AS part, NULL AS grp
FROM look
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
