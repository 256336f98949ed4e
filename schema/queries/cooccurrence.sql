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
		.include lookup_filter
		AND list_has(:org, org_of(m.src, m.time_ns))
), tested AS (
	SELECT l.src, EXISTS (SELECT 1 FROM dns_message o
		WHERE o.qname = lower(:host) AND o.qr = 0 AND o.src IS NOT NULL AND o.src <> l.src
			AND o.time_ns >= l.time_ns - seconds_ns(CAST(:seconds AS INTEGER))
			AND o.time_ns <= l.time_ns + seconds_ns(CAST(:seconds AS INTEGER))
			AND o.evidence_id IN sel
			AND list_has(:org, org_of(o.src, o.time_ns))) AS together
	FROM look l
	WHERE :source IS NULL OR l.src = addr_norm(:source)
)
SELECT CASE WHEN count(*) > 0 THEN round(1.0 * sum(together) / count(*), 6) END AS share,
	count(*) AS lookups, coalesce(sum(together), 0) AS together,
	(SELECT count(DISTINCT src) FROM look) AS sources
FROM tested;
