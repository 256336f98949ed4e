-- name: period_ratio
-- summary: do lookups per day rise (or fall) on given days, against the other days?
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param periods: UTC days or FIRST/LAST ranges, both days included, comma-separated
--   (2016-06-24,2016-07-08/2016-07-09)
-- param since?: first UTC day of the series (default: the day of the first lookup)
-- param until?: UTC day after the series (default: the day after the last lookup)
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: ratio = mean DNS queries (QR=0) per day on the days of the series
--   inside periods / mean per day on the other days of the series (days
--   without lookups included); in_mean, out_mean, in_days, out_days. Days of
--   periods outside the series are ignored; NULL when either side has no day
--   or the other days have no lookup. Spikes give a ratio above 1, quiet
--   periods below 1; the periods must be named before looking at the data
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
), series AS (
	SELECT d.day, count(l.day) AS n, in_periods(d.day * 86400000000000, :periods) AS inside
	FROM days d LEFT JOIN look l ON l.day = d.day
	GROUP BY d.day
), sides AS (
	SELECT avg(CASE WHEN inside THEN n END) AS in_mean, avg(CASE WHEN NOT inside THEN n END)
		AS out_mean, sum(inside) AS in_days, sum(NOT inside) AS out_days
	FROM series
)
SELECT CASE WHEN out_mean > 0 AND in_mean IS NOT NULL THEN round(in_mean / out_mean, 4) END
		AS ratio,
	round(in_mean, 4) AS in_mean, round(out_mean, 4) AS out_mean,
	coalesce(in_days, 0) AS in_days, coalesce(out_days, 0) AS out_days
FROM sides;
