-- name: cooccurrence
-- records: the DNS queries (QR=0) of host from org (or from source) that were tested
-- parts: together = a query from another address of org came within seconds; alone = none did
-- count together: part together
-- count lookups: all
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
		AND list_has(:org, org_of(m.src, m.time_ns))
), tested AS (
	SELECT l.*, EXISTS (SELECT 1 FROM dns_message o
		WHERE o.qname = lower(:host) AND o.qr = 0 AND o.src IS NOT NULL AND o.src <> l.src
			AND o.time_ns >= l.time_ns - CAST(:seconds AS INTEGER) * 1000000000
			AND o.time_ns <= l.time_ns + CAST(:seconds AS INTEGER) * 1000000000
			AND o.evidence_id IN sel
			AND list_has(:org, org_of(o.src, o.time_ns))) AS together
	FROM look l
	WHERE :source IS NULL OR l.src = addr_norm(:source)
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN together THEN 'together' ELSE 'alone' END AS part, NULL AS grp
FROM tested
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
