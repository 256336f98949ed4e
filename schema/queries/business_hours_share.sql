-- name: business_hours_share
-- summary: the share of lookups made in business hours of any of the given zones
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param tz: IANA time zones, comma-separated (America/New_York,Europe/Moscow)
-- param start = 09:00: start of business hours, local time, inclusive
-- param end = 18:00: end of business hours, local time, exclusive
-- param weekdays = Mon-Fri: business days, local (Mon-Fri, Sat,Sun, ...)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: share = DNS queries (QR=0) inside the hours in at least one zone /
--   all of them; baseline = the share of all minutes of the window (since
--   to until, or first to last lookup) inside those hours, which is what
--   uniformly random times would give: read share against it
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT m.time_ns, in_hours(m.time_ns, :tz, :start, :end, :weekdays) AS inside
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
)
SELECT CASE WHEN count(*) > 0 THEN round(1.0 * sum(inside) / count(*), 6) END AS share,
	count(*) AS lookups,
	coalesce(sum(inside), 0) AS inside,
	round(hours_baseline(coalesce(custody_ns(:since), min(time_ns)),
		coalesce(custody_ns(:until), max(time_ns) + 1), :tz, :start, :end, :weekdays), 6)
		AS baseline
FROM look;
