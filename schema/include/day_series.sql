-- day_series: the CTEs of a daily series of a host's lookups: look (one
-- row per lookup, its UTC day number), bounds (first and last day: from
-- :since/:until, else the lookups) and days (every day between, days
-- without lookups included). Needs WITH RECURSIVE and the CTE sel.
look AS (
	SELECT m.time_ns / days_ns(1) AS day
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0
		.include lookup_filter
		AND (:org IS NULL OR list_has(:org, org_of(m.src, m.time_ns)))
), bounds(lo, hi) AS (
	SELECT coalesce(custody_ns(:since) / days_ns(1), (SELECT min(day) FROM look)),
		coalesce((custody_ns(:until) - 1) / days_ns(1), (SELECT max(day) FROM look))
), days(day) AS (
	SELECT lo FROM bounds WHERE lo IS NOT NULL
	UNION ALL
	SELECT day + 1 FROM days, bounds WHERE day < hi
)
