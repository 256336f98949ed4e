-- name: event_window_ratio
-- records: the DNS queries (QR=0) of host, and the timeline events that place the windows
-- parts: in window = on a day within window_days of an event; outside = on another day; event = a timeline entry named in events
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
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
		AND (:org IS NULL OR list_has(:org, org_of(m.src, m.time_ns)))
), ev AS (
	SELECT id, evidence_id, loc_index, loc_offset, time_ns / 86400000000000 AS day FROM timeline
	WHERE :events IS NULL OR list_has(:events,
		CASE WHEN instr(label, ':') > 0 THEN substr(label, 1, instr(label, ':') - 1)
		ELSE label END)
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN EXISTS (SELECT 1 FROM ev WHERE abs(ev.day - look.time_ns / 86400000000000)
		<= CAST(:window_days AS INTEGER)) THEN 'in window' ELSE 'outside' END AS part,
	NULL AS grp
FROM look
UNION ALL
SELECT 'timeline', id, evidence_id, loc_index, loc_offset, 'event', NULL FROM ev
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
