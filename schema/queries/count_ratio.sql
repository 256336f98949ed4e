-- name: count_ratio
-- summary: lookups of a host from one party divided by lookups from another
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param num: the numerator: organisations or querier addresses, comma-separated
-- param den: the denominator: organisations or querier addresses, comma-separated
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: ratio = DNS queries (QR=0) of host whose source address or its
--   organisation is in num / those in den (NULL when den has none);
--   num_lookups, den_lookups. Over the same days, a ratio of counts is a
--   ratio of daily rates
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT m.src, org_of(m.src, m.time_ns) AS org
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
), c AS (
	SELECT sum(list_has(:num, org) OR list_has(:num, src)) AS a,
		sum(list_has(:den, org) OR list_has(:den, src)) AS b
	FROM look
)
SELECT CASE WHEN b > 0 THEN round(1.0 * a / b, 6) END AS ratio,
	coalesce(a, 0) AS num_lookups, coalesce(b, 0) AS den_lookups
FROM c;
