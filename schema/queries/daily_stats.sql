-- name: daily_stats
-- summary: the daily series of a host's lookups summed up: busiest day, median, span
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param since?: first UTC day (default: the day of the first lookup)
-- param until?: UTC day after the last one (default: the day after the last lookup)
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: over the UTC days of the series (as daily_series: since to until,
--   or first to last lookup, days without lookups included), DNS queries
--   (QR=0) per day: max and max_day (the first such day), median, mean,
--   days, zero_days; first_day and last_day with a lookup, and span_days
--   from the one to the other, both counted ("4 to 6 July" is 3)
-- needs: lookups
WITH RECURSIVE sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
),
.include day_series
, series AS (
	SELECT d.day, count(l.day) AS n
	FROM days d LEFT JOIN look l ON l.day = d.day
	GROUP BY d.day
)
SELECT (SELECT max(n) FROM series) AS max,
	(SELECT date(day * 86400, 'unixepoch') FROM series ORDER BY n DESC, day LIMIT 1) AS max_day,
	(SELECT median(n) FROM series) AS median,
	(SELECT round(avg(n), 4) FROM series) AS mean,
	(SELECT count(*) FROM series) AS days,
	(SELECT count(*) FROM series WHERE n = 0) AS zero_days,
	(SELECT date(min(day) * 86400, 'unixepoch') FROM look) AS first_day,
	(SELECT date(max(day) * 86400, 'unixepoch') FROM look) AS last_day,
	(SELECT max(day) - min(day) + 1 FROM look) AS span_days;
