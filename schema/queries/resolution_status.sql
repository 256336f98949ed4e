-- name: resolution_status
-- summary: when a host stopped resolving, from the responses and the passive DNS in the evidence
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: responses (QR=1) to queries for host. last_answer: time of the last
--   NOERROR response with at least one answer record, or the last time
--   passive DNS saw host resolve (the latest time_last in the window),
--   whichever is later;
--   last_answer_from names which ('responses' or 'passive DNS');
--   first_error_after: the first response after it with an RCODE other than
--   NOERROR, or NOERROR with no answer (NODATA); then responses by RCODE
--   (other = any RCODE not named, and NOERROR without answers). Passive DNS
--   rows are aggregates: they move last_answer, never the counts.
-- needs: responses or-pdns
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), resp AS (
	SELECT m.time_ns, m.rcode, coalesce(m.ancount, 0) AS ancount
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 1
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
), seen AS (
	SELECT max(p.time_last_ns) AS t
	FROM pdns p
	WHERE p.rrname = lower(:host)
		AND p.time_last_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND p.time_last_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND p.evidence_id IN sel
), answered AS (
	SELECT max(time_ns) AS t FROM resp WHERE rcode = 0 AND ancount > 0
), last AS (
	SELECT CASE WHEN seen.t IS NOT NULL AND (answered.t IS NULL OR seen.t > answered.t)
		THEN seen.t ELSE answered.t END AS t,
		CASE WHEN seen.t IS NOT NULL AND (answered.t IS NULL OR seen.t > answered.t)
		THEN 'passive DNS' WHEN answered.t IS NOT NULL THEN 'responses' END AS src
	FROM seen, answered
)
SELECT custody_iso((SELECT min(time_ns) FROM resp, last
		WHERE time_ns > coalesce(last.t, -9223372036854775807)
		AND (rcode <> 0 OR ancount = 0))) AS first_error_after,
	custody_iso((SELECT t FROM last)) AS last_answer,
	(SELECT count(*) FROM resp WHERE rcode = 0 AND ancount > 0) AS noerror,
	(SELECT count(*) FROM resp WHERE rcode = 3) AS nxdomain,
	(SELECT count(*) FROM resp WHERE rcode = 2) AS servfail,
	(SELECT count(*) FROM resp WHERE NOT (rcode = 0 AND ancount > 0) AND rcode NOT IN (2, 3)
		OR rcode IS NULL) AS other,
	(SELECT src FROM last) AS last_answer_from;
