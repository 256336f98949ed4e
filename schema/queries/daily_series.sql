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
),
.include day_series
SELECT date(d.day * 86400, 'unixepoch') AS day, count(l.day) AS lookups
FROM days d LEFT JOIN look l ON l.day = d.day
GROUP BY d.day
ORDER BY d.day;
