-- name: cooccurrence
-- summary: how often one source's lookups come with a lookup from another source of the same organisation
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org: the organisation(s) whose addresses are compared, comma-separated
-- param seconds: how close in time two lookups must be to count as together
-- param source?: only this address's lookups are tested (default: every address of org)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: of the DNS queries (QR=0) of host from org (or from source), share
--   = those with a query of host from another address of org at most seconds
--   before or after / all of them; lookups, together, sources = addresses of
--   org that looked host up. Two addresses that act as one machine (one cache
--   behind two addresses) give a share near 1; independent resolvers with a
--   few lookups a day give a share near 0
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT m.src, m.time_ns
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
		AND list_has(:org, org_of(m.src, m.time_ns))
), tested AS (
	SELECT l.src, EXISTS (SELECT 1 FROM dns_message o
		WHERE o.qname = lower(:host) AND o.qr = 0 AND o.src IS NOT NULL AND o.src <> l.src
			AND o.time_ns >= l.time_ns - CAST(:seconds AS INTEGER) * 1000000000
			AND o.time_ns <= l.time_ns + CAST(:seconds AS INTEGER) * 1000000000
			AND o.evidence_id IN sel
			AND list_has(:org, org_of(o.src, o.time_ns))) AS together
	FROM look l
	WHERE :source IS NULL OR l.src = addr_norm(:source)
)
SELECT CASE WHEN count(*) > 0 THEN round(1.0 * sum(together) / count(*), 6) END AS share,
	count(*) AS lookups, coalesce(sum(together), 0) AS together,
	(SELECT count(DISTINCT src) FROM look) AS sources
FROM tested;
