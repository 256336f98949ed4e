-- name: burstiness
-- summary: how bursty the lookups of a host are: periodic, random or in bursts
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label or SHA-256 prefix
-- counts: b = (sigma - mu) / (sigma + mu) of the gaps between consecutive
--   DNS queries (QR=0): -1 periodic, about 0 random (Poisson), towards 1
--   bursty (Goh and Barabasi 2008); cv = sigma / mu; mean_s = mu in seconds
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), stats AS (
	SELECT burstiness(m.time_ns) AS j
	FROM dns_message m
	WHERE m.qname = lower(:host) AND m.qr = 0
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND m.evidence_id IN sel
		AND (:org IS NULL OR list_has(:org, org_of(m.src, m.time_ns)))
)
SELECT round(json_extract(j, '$.b'), 6) AS b, round(json_extract(j, '$.cv'), 6) AS cv,
	round(json_extract(j, '$.mean_s'), 3) AS mean_s, json_extract(j, '$.gaps') AS gaps
FROM stats;
