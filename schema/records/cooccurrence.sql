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
		.include lookup_filter
		AND list_has(:org, org_of(m.src, m.time_ns))
), tested AS (
	SELECT l.*, EXISTS (SELECT 1 FROM dns_message o
		WHERE o.qname = lower(:host) AND o.qr = 0 AND o.src IS NOT NULL AND o.src <> l.src
			AND o.time_ns >= l.time_ns - seconds_ns(CAST(:seconds AS INTEGER))
			AND o.time_ns <= l.time_ns + seconds_ns(CAST(:seconds AS INTEGER))
			AND o.evidence_id IN sel
			AND list_has(:org, org_of(o.src, o.time_ns))) AS together
	FROM look l
	WHERE :source IS NULL OR l.src = addr_norm(:source)
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN together THEN 'together' ELSE 'alone' END AS part, NULL AS grp
FROM tested
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
