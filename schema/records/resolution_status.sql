-- name: resolution_status
-- records: the responses (QR=1) for host in the window
-- parts: answer = NOERROR with an answer; error = anything else; the last answer and the first error after it are their own parts
-- count noerror: part answer|last answer
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), resp AS (
	SELECT m.id, m.evidence_id, m.loc_index, m.loc_offset, m.time_ns, m.rcode,
		coalesce(m.ancount, 0) AS ancount
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 1
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
), last AS (
	SELECT id, time_ns FROM resp WHERE rcode = 0 AND ancount > 0
	ORDER BY time_ns DESC, id DESC LIMIT 1
), firsterr AS (
	SELECT id FROM resp
	WHERE time_ns > coalesce((SELECT time_ns FROM last), -9223372036854775807)
		AND (rcode <> 0 OR ancount = 0)
	ORDER BY time_ns, id LIMIT 1
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN id = (SELECT id FROM last) THEN 'last answer'
		WHEN id = (SELECT id FROM firsterr) THEN 'first error after'
		WHEN rcode = 0 AND ancount > 0 THEN 'answer' ELSE 'error' END AS part,
	NULL AS grp
FROM resp
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
