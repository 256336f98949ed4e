-- name: resolution_status
-- records: the responses (QR=1) for host in the window, and the passive DNS row that saw it resolve last
-- parts: answer = NOERROR with an answer; error = anything else; the last answer, the first error after it and the passive DNS row (when it saw host later than any answer) are their own parts
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
), seen AS (
	SELECT p.id, p.evidence_id, p.loc_index, p.loc_offset, p.time_last_ns AS t
	FROM pdns p
	WHERE p.rrname = lower(:host)
		AND p.time_last_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND p.time_last_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND p.evidence_id IN sel
	ORDER BY p.time_last_ns DESC, p.id LIMIT 1
), answered AS (
	SELECT id, time_ns AS t FROM resp WHERE rcode = 0 AND ancount > 0
	ORDER BY time_ns DESC, id DESC LIMIT 1
), last AS (
	SELECT CASE WHEN (SELECT t FROM seen) IS NOT NULL AND ((SELECT t FROM answered) IS NULL
		OR (SELECT t FROM seen) > (SELECT t FROM answered)) THEN (SELECT t FROM seen)
		ELSE (SELECT t FROM answered) END AS t,
		(SELECT t FROM seen) IS NOT NULL AND ((SELECT t FROM answered) IS NULL
		OR (SELECT t FROM seen) > (SELECT t FROM answered)) AS by_pdns
), firsterr AS (
	SELECT id FROM resp
	WHERE time_ns > coalesce((SELECT t FROM last), -9223372036854775807)
		AND (rcode <> 0 OR ancount = 0)
	ORDER BY time_ns, id LIMIT 1
)
SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset,
	CASE WHEN id = (SELECT id FROM answered) THEN 'last answer'
		WHEN id = (SELECT id FROM firsterr) THEN 'first error after'
		WHEN rcode = 0 AND ancount > 0 THEN 'answer' ELSE 'error' END AS part,
	NULL AS grp
FROM resp
UNION ALL
SELECT 'pdns', id, evidence_id, loc_index, loc_offset, 'passive DNS, seen last', NULL
FROM seen
WHERE (SELECT by_pdns FROM last)
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
