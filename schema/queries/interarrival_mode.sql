-- name: interarrival_mode
-- summary: the most common gap between consecutive lookups of a host from one source
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param bin = 1: width in seconds of the bins gaps are counted in (with 60, 3,570 to 3,629 s count as 3,600)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: gaps between consecutive DNS queries (QR=0) of host from the same
--   source address, in seconds, rounded to the nearest multiple of bin;
--   mode_s = the most frequent such gap (the smaller on a tie): a cache that
--   refreshes hourly shows 3600. mode_gaps = gaps of that length, gaps = all
--   gaps, share = mode_gaps / gaps, sources = addresses with a gap. A lookup
--   logged by two servers makes a gap of 0 unless dedupe = server
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT m.src, m.time_ns - lag(m.time_ns) OVER (PARTITION BY m.src ORDER BY m.time_ns, m.id)
		AS gap_ns
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0 AND m.src IS NOT NULL
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
		AND (:dedupe = 'none' OR NOT EXISTS (SELECT 1 FROM dns_message d
			WHERE d.qname = m.qname AND d.qr = 0 AND d.id < m.id AND d.evidence_id IN sel
			AND d.src IS m.src AND d.qtype IS m.qtype
			AND d.time_ns > m.time_ns - 1000000000 AND d.time_ns < m.time_ns + 1000000000
			AND (d.evidence_id <> m.evidence_id OR d.server IS NOT m.server)))
		AND (:org IS NULL OR list_has(:org, org_of(m.src, m.time_ns)))
), gaps AS (
	SELECT src, CAST((gap_ns + CAST(:bin AS INTEGER) * 500000000) /
		(CAST(:bin AS INTEGER) * 1000000000) AS INTEGER) * CAST(:bin AS INTEGER) AS g
	FROM look WHERE gap_ns IS NOT NULL
), hist AS (
	SELECT g, count(*) AS n FROM gaps GROUP BY g ORDER BY n DESC, g LIMIT 1
)
SELECT (SELECT g FROM hist) AS mode_s, (SELECT n FROM hist) AS mode_gaps,
	(SELECT count(*) FROM gaps) AS gaps,
	CASE WHEN (SELECT count(*) FROM gaps) > 0 THEN
		round(1.0 * (SELECT n FROM hist) / (SELECT count(*) FROM gaps), 6) END AS share,
	(SELECT count(DISTINCT src) FROM gaps) AS sources;
