-- name: suffix_variants
-- summary: lookups of the host's name with another suffix appended (a stub resolver's search list)
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations (comma-separated)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: variants = DNS queries (QR=0) whose name is host followed by one or
--   more labels (mail1.example.com.corp.example for mail1.example.com); names
--   = how many different such names. One row per name and querier: name,
--   source, org, lookups, first (UTC); a single row with NULL name when there
--   are none. What a stub resolver sends when a lookup fails and it tries its
--   search list: automatic, and no sign by itself of a person typing
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), look AS (
	SELECT m.qname, m.src, org_of(m.src, m.time_ns) AS org, m.time_ns
	FROM dns_message m
	WHERE m.qname > lower(:host) || '.' AND m.qname < lower(:host) || '/' AND m.qr = 0
		AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND +m.evidence_id IN sel -- the name range, not the evidence, picks the index
		AND (:dedupe = 'none' OR NOT EXISTS (SELECT 1 FROM dns_message d
			WHERE d.qname = m.qname AND d.qr = 0 AND d.id < m.id AND d.evidence_id IN sel
			AND d.src IS m.src AND d.qtype IS m.qtype
			AND d.time_ns > m.time_ns - 1000000000 AND d.time_ns < m.time_ns + 1000000000
			AND (d.evidence_id <> m.evidence_id OR d.server IS NOT m.server)))
), v AS (
	SELECT * FROM look WHERE :org IS NULL OR list_has(:org, org)
), total AS (
	SELECT count(*) AS variants, count(DISTINCT qname) AS names FROM v
), byname AS (
	SELECT qname AS name, src AS source, org, count(*) AS lookups,
		custody_iso(min(time_ns)) AS first
	FROM v GROUP BY qname, src, org
)
SELECT t.variants, t.names, b.name, b.source, b.org, b.lookups, b.first
FROM total t LEFT JOIN byname b ON 1
ORDER BY b.lookups DESC, b.name, b.source;
