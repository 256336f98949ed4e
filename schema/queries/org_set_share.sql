-- name: org_set_share
-- summary: the share of all lookups of a host made by any of several organisations together
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param orgs: the organisations taken together, comma-separated (Alfa Bank,Spectrum Health)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: share = DNS queries (QR=0) of host from any of orgs / all DNS
--   queries of host; lookups (from orgs), total, and orgs_seen = how many of
--   the listed organisations made at least one; NULL share when there are none
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT org_of(m.src, m.time_ns) AS org
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
)
SELECT CASE WHEN count(*) > 0 THEN round(1.0 * sum(list_has(:orgs, org)) / count(*), 6) END
		AS share,
	coalesce(sum(list_has(:orgs, org)), 0) AS lookups,
	count(*) AS total,
	count(DISTINCT CASE WHEN list_has(:orgs, org) THEN org END) AS orgs_seen
FROM look;
