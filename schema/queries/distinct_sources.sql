-- name: distinct_sources
-- summary: how many different addresses looked a host up
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only addresses of these organisations (comma-separated)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: distinct querier addresses (as written in the evidence) of DNS
--   queries (QR=0); organisations, their number
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT m.src, org_of(m.src, m.time_ns) AS org
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
)
SELECT count(DISTINCT src) AS sources, count(DISTINCT org) AS orgs
FROM look
WHERE :org IS NULL OR list_has(:org, org);
