-- name: burstiness
-- summary: how bursty the lookups of a host are: periodic, random or in bursts
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: b = (sigma - mu) / (sigma + mu) of the gaps between consecutive
--   DNS queries (QR=0): -1 periodic, about 0 random (Poisson), towards 1
--   bursty (Goh and Barabasi 2008); cv = sigma / mu; mean_s = mu in seconds;
--   baseline = B of a Poisson process of the same rate and as many gaps (mean
--   of 1,000 runs, seed 2016), baseline_lo and baseline_hi the range holding
--   95% of those runs: read b against them
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), stats AS (
	SELECT burstiness(m.time_ns) AS j
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
SELECT round(json_extract(j, '$.b'), 6) AS b, round(json_extract(j, '$.cv'), 6) AS cv,
	round(json_extract(j, '$.mean_s'), 3) AS mean_s, json_extract(j, '$.gaps') AS gaps,
	round(json_extract(j, '$.poisson_b'), 6) AS baseline,
	round(json_extract(j, '$.poisson_lo'), 6) AS baseline_lo,
	round(json_extract(j, '$.poisson_hi'), 6) AS baseline_hi
FROM stats;
