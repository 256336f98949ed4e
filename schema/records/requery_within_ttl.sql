-- name: requery_within_ttl
-- records: the DNS queries (QR=0) of host; a requery came less than ttl seconds after the previous query of the same type from the same address
-- parts: requery; other = the first of its address and type, or after the TTL (all of them when no TTL is known)
-- count requeries: part requery
-- count lookups: part requery|other
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), t AS (
	SELECT coalesce(CAST(:ttl AS INTEGER), (SELECT max(a.ttl) FROM dns_answer a
		WHERE a.name = lower(:host) AND a.section = 1 AND a.type IN (1, 28)
		AND a.ttl > 0)) AS ttl
), look AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset, m.time_ns, m.src, m.qtype
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
		AND (:dedupe = 'none' OR NOT EXISTS (SELECT 1 FROM dns_message d
			WHERE d.qname = m.qname AND d.qr = 0 AND d.id < m.id AND d.evidence_id IN sel
			AND d.src IS m.src AND d.qtype IS m.qtype
			AND d.time_ns > m.time_ns - 1000000000 AND d.time_ns < m.time_ns + 1000000000
			AND (d.evidence_id <> m.evidence_id OR d.server IS NOT m.server)))
		AND (:org IS NULL OR list_has(:org, org_of(m.src, m.time_ns)))
), gaps AS (
	SELECT id, evidence_id, loc_index, loc_offset, time_ns - lag(time_ns) OVER (PARTITION BY src,
		qtype ORDER BY time_ns, id) AS gap_ns
	FROM look
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN t.ttl IS NOT NULL AND gap_ns IS NOT NULL AND gap_ns < t.ttl * 1000000000
		THEN 'requery' ELSE 'other' END AS part, NULL AS grp
FROM gaps, t
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
