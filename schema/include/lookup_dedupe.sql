-- lookup_dedupe: with :dedupe = server, a lookup m counts only when no
-- earlier message of the selected evidence (CTE sel) is the same lookup
-- logged by another server: same source, name and type within 1 s
-- (docs/dns-records.md, counting units). With :dedupe = none every query
-- counts as logged.
AND (:dedupe = 'none' OR NOT EXISTS (SELECT 1 FROM dns_message d
	WHERE d.qname = m.qname AND d.qr = 0 AND d.id < m.id AND d.evidence_id IN sel
	AND d.src IS m.src AND d.qtype IS m.qtype
	AND d.time_ns > m.time_ns - seconds_ns(1) AND d.time_ns < m.time_ns + seconds_ns(1)
	AND (d.evidence_id <> m.evidence_id OR d.server IS NOT m.server)))
