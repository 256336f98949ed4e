-- name: cross_server_duplicates
-- summary: lookups recorded by more than one server, and the figures with them collapsed
-- param host?: only lookups of this name (default: every name)
-- param seconds = 1: how close two records of one lookup are (under 1 s, that is the same second in a log with one-second times)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: a record is a duplicate when the same source asked the same name
--   and type less than seconds earlier or later and another server (another
--   evidence item, or another server name in one log) recorded it first.
--   Row 1 is every organisation together (org 'all'), then one row per
--   organisation (NULL: no orgmap range), most lookups first: logged = DNS
--   queries (QR=0) as logged, duplicates, collapsed = logged - duplicates
--   (the unit dedupe = server counts), share_logged and share_collapsed =
--   the organisation's share of all lookups in each unit
-- unit: queries (QR=0) as logged
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT org_of(m.src, m.time_ns) AS org,
		EXISTS (SELECT 1 FROM dns_message d
			WHERE d.qname = m.qname AND d.qr = 0 AND d.id < m.id AND d.evidence_id IN sel
			AND d.src IS m.src AND d.qtype IS m.qtype
			AND d.time_ns > m.time_ns - CAST(:seconds AS INTEGER) * 1000000000
			AND d.time_ns < m.time_ns + CAST(:seconds AS INTEGER) * 1000000000
			AND (d.evidence_id <> m.evidence_id OR d.server IS NOT m.server)) AS dup
	FROM dns_message m
	WHERE (:host IS NULL OR m.qname = lower(:host)) AND m.qr = 0
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
), tot AS (
	SELECT count(*) AS logged, coalesce(sum(dup), 0) AS dups FROM look
), rows AS (
	SELECT 0 AS k, 'all' AS org, count(*) AS logged, coalesce(sum(dup), 0) AS duplicates FROM look
	UNION ALL
	SELECT 1, org, count(*), sum(dup) FROM look GROUP BY org
)
SELECT r.org, r.logged, r.duplicates, r.logged - r.duplicates AS collapsed,
	CASE WHEN t.logged > 0 THEN round(1.0 * r.logged / t.logged, 6) END AS share_logged,
	CASE WHEN t.logged > t.dups THEN
		round(1.0 * (r.logged - r.duplicates) / (t.logged - t.dups), 6) END AS share_collapsed
FROM rows r, tot t
ORDER BY r.k, r.logged DESC, r.org IS NULL, r.org;
