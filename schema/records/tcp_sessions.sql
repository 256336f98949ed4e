-- name: tcp_sessions
-- records: the completed TCP sessions (flows) counted
-- count sessions: all
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), f AS (
	SELECT id, evidence_id, loc_index, loc_offset, org_of(src, first_ns) AS src_org,
		org_of(dst, first_ns) AS dst_org
	FROM flow
	WHERE proto = 'tcp' AND dport = CAST(:port AS INTEGER) AND established = 1
		AND first_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND first_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND evidence_id IN sel
)
SELECT 'flow' AS tbl, id, evidence_id, loc_index, loc_offset, NULL AS part, NULL AS grp
FROM f
WHERE (list_has(:org_a, src_org) AND list_has(:org_b, dst_org))
	OR (list_has(:org_b, src_org) AND list_has(:org_a, dst_org))
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
