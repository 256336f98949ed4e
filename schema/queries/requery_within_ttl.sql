-- name: requery_within_ttl
-- summary: lookups a source made again before its previous answer would have expired
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param ttl?: the answer's TTL in seconds (default: the largest TTL of the address
--   (A, AAAA) answer records for host anywhere in the case, from captures or logs
--   with responses: what a cache holds for the lookups counted here)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: requeries = DNS queries (QR=0) of host that came less than ttl
--   seconds after the previous query of the same type from the same source
--   address (each query is taken to have been answered); lookups = all of
--   them, share = requeries / lookups, ttl = the TTL used, median_gap_s = the
--   median of those short gaps. NULL figures when no TTL is known. A caching
--   resolver does not ask again within the TTL: requeries mean no cache, a
--   capped TTL, several machines behind one address, or records that are not
--   what they seem; one lookup logged by two servers is a requery after 0 s
--   unless dedupe = server
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), t AS (
	SELECT coalesce(CAST(:ttl AS INTEGER), (SELECT max(a.ttl) FROM dns_answer a
		WHERE a.name = lower(:host) AND a.section = 1 AND a.type IN (1, 28)
		AND a.ttl > 0 AND a.evidence_id IN (SELECT id FROM evidence))) AS ttl
), look AS (
	SELECT m.time_ns - lag(m.time_ns) OVER (PARTITION BY m.src, m.qtype
		ORDER BY m.time_ns, m.id) AS gap_ns
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
), flagged AS (
	SELECT gap_ns, gap_ns IS NOT NULL AND gap_ns < t.ttl * 1000000000 AS re
	FROM look, t
)
SELECT CASE WHEN t.ttl IS NOT NULL THEN (SELECT count(*) FROM flagged WHERE re) END
		AS requeries,
	(SELECT count(*) FROM flagged) AS lookups,
	CASE WHEN t.ttl IS NOT NULL AND (SELECT count(*) FROM flagged) > 0 THEN
		round(1.0 * (SELECT count(*) FROM flagged WHERE re) / (SELECT count(*) FROM flagged), 6)
		END AS share,
	t.ttl AS ttl,
	(SELECT round(median(gap_ns) / 1e9, 3) FROM flagged WHERE re) AS median_gap_s
FROM t;
