-- name: first_querier
-- summary: who looked a host up first
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: the earliest DNS query (QR=0) of host: the querier's organisation
--   (orgmap; NULL when no range covers it), address and UTC time; ties at the
--   same time are broken by evidence order then locator, and the number of
--   queriers at that same earliest time is given as tied
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT m.time_ns, m.src, m.evidence_id, m.loc_index
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0 AND m.evidence_id IN sel
), first AS (
	SELECT * FROM look ORDER BY time_ns, evidence_id, loc_index LIMIT 1
)
SELECT org_of(f.src, f.time_ns) AS org, f.src AS source, custody_iso(f.time_ns) AS time,
	(SELECT count(DISTINCT src) FROM look WHERE time_ns = f.time_ns) AS tied
FROM first f;
