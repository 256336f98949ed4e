-- name: connection_acceptance
-- records: the TCP flows to the server's port
-- parts: accepted = completed a handshake; refused = a SYN from an address that never completed one; other = the rest
-- count handshakes: part accepted
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), target(addr) AS (
	SELECT :address WHERE :address IS NOT NULL
	UNION
	SELECT a.rdata FROM dns_answer a
	WHERE a.name = lower(:host) AND a.type IN (1, 28) AND a.section = 1
), f AS (
	SELECT id, evidence_id, loc_index, loc_offset, src, syn, established
	FROM flow
	WHERE proto = 'tcp' AND dport = CAST(:port AS INTEGER)
		AND addr_key(dst) IN (SELECT addr_key(addr) FROM target)
		AND first_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND first_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND evidence_id IN sel
)
SELECT 'flow' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN established = 1 THEN 'accepted'
		WHEN syn = 1 AND src NOT IN (SELECT src FROM f WHERE established = 1) THEN 'refused'
		ELSE 'other' END AS part,
	src AS grp
FROM f
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
