-- name: preceded_by_session
-- records: the DNS queries (QR=0) of host from org, and the TCP sessions with the host's addresses
-- parts: preceded = during or within minutes after a session; not preceded; session = a completed TCP session on port between the host and org
-- count preceded: part preceded
-- count lookups: part preceded|not preceded
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), target(addr) AS (
	SELECT addr_key(a.rdata) FROM dns_answer a
	WHERE a.name = lower(:host) AND a.type IN (1, 28) AND a.section = 1
), sess AS MATERIALIZED (
	SELECT id, evidence_id, loc_index, loc_offset, first_ns,
		last_ns + CAST(:minutes AS INTEGER) * 60000000000 AS until_ns
	FROM flow
	WHERE proto = 'tcp' AND dport = CAST(:port AS INTEGER) AND established = 1
		AND ((addr_key(dst) IN target AND list_has(:org, org_of(src, first_ns)))
			OR (addr_key(src) IN target AND list_has(:org, org_of(dst, first_ns))))
), look AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset, m.time_ns, m.src
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
		AND list_has(:org, org_of(m.src, m.time_ns))
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN EXISTS (SELECT 1 FROM sess s WHERE look.time_ns BETWEEN s.first_ns AND s.until_ns)
		THEN 'preceded' ELSE 'not preceded' END AS part, NULL AS grp
FROM look
UNION ALL
SELECT 'flow', id, evidence_id, loc_index, loc_offset, 'session', NULL FROM sess
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
