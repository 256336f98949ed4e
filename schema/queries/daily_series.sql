-- name: daily_series
-- summary: lookups of a host per UTC day, days without lookups included
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param since?: first UTC day (default: the day of the first lookup)
-- param until?: UTC day after the last one (default: the day after the last lookup)
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: one row per UTC calendar day, DNS queries (QR=0) that day
-- needs: lookups
WITH RECURSIVE sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT m.time_ns / 86400000000000 AS day
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
), bounds(lo, hi) AS (
	SELECT coalesce(custody_ns(:since) / 86400000000000, (SELECT min(day) FROM look)),
		coalesce((custody_ns(:until) - 1) / 86400000000000, (SELECT max(day) FROM look))
), days(day) AS (
	SELECT lo FROM bounds WHERE lo IS NOT NULL
	UNION ALL
	SELECT day + 1 FROM days, bounds WHERE day < hi
)
SELECT date(d.day * 86400, 'unixepoch') AS day, count(l.day) AS lookups
FROM days d LEFT JOIN look l ON l.day = d.day
GROUP BY d.day
ORDER BY d.day;
