-- name: address_coverage
-- records: the DNS queries (QR=0) from each listed address that is present, grouped by address
-- count present: groups
WITH RECURSIVE sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), split(rest, item, k) AS (
	SELECT :addresses || ',', NULL, 0
	UNION ALL
	SELECT substr(rest, instr(rest, ',') + 1), trim(substr(rest, 1, instr(rest, ',') - 1)), k + 1
	FROM split WHERE rest <> ''
), listed AS (
	SELECT addr_norm(item) AS addr FROM split
	WHERE item IS NOT NULL AND item <> '' GROUP BY addr_norm(item)
)
SELECT 'dns_message' AS tbl, m.id, m.evidence_id, m.loc_index, m.loc_offset, NULL AS part,
	m.src AS grp
FROM dns_message m
WHERE m.src IN (SELECT addr FROM listed) AND m.qr = 0
	AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
	AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
	AND m.evidence_id IN sel
	AND (:host IS NULL OR m.qname = lower(:host))
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
