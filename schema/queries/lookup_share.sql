-- name: lookup_share
-- summary: the share of all lookups of a host that came from an organisation
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org: the organisation(s) whose share is taken, comma-separated
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: share = lookups from org / all lookups of host, both counted as
--   DNS query messages (QR=0) in the unit dedupe names (default: duplicates
--   kept); NULL when there are none
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT list_has(:org, org_of(m.src, m.time_ns)) AS from_org
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0
		.include lookup_filter
)
SELECT CASE WHEN count(*) > 0 THEN round(1.0 * sum(from_org) / count(*), 6) END AS share,
	coalesce(sum(from_org), 0) AS lookups,
	count(*) AS total
FROM look;
