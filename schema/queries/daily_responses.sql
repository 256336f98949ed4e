-- name: daily_responses
-- summary: responses for a host per UTC day: with an answer, and errors
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label or SHA-256 prefix
-- counts: one row per UTC day with responses (QR=1) for host: answers =
--   NOERROR with at least one answer record, errors = every other response
--   (NXDOMAIN, SERVFAIL, NOERROR without an answer...)
-- needs: responses
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
)
SELECT date(m.time_ns / 1000000000, 'unixepoch') AS day,
	sum(m.rcode = 0 AND coalesce(m.ancount, 0) > 0) AS answers,
	sum(NOT (m.rcode IS 0 AND coalesce(m.ancount, 0) > 0)) AS errors
FROM dns_message m
WHERE m.qname = lower(:host) AND m.qr = 1
	AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
	AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
	AND m.evidence_id IN sel
GROUP BY m.time_ns / 86400000000000
ORDER BY m.time_ns / 86400000000000;
