-- name: daily_responses
-- records: the responses (QR=1) for host, grouped by UTC day
-- parts: answers = NOERROR with an answer; errors = every other response
-- group: day
-- count answers: group part answers
-- count errors: group part errors
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
)
SELECT 'dns_message' AS tbl, m.id, m.evidence_id, m.loc_index, m.loc_offset,
	CASE WHEN m.rcode = 0 AND coalesce(m.ancount, 0) > 0 THEN 'answers' ELSE 'errors' END
		AS part,
	date(m.time_ns / 1000000000, 'unixepoch') AS grp
FROM dns_message m
WHERE m.qname = lower(:host) AND m.qr = 1
	AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
	AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
	AND m.evidence_id IN sel
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
