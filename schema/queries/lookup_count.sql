-- name: lookup_count
-- summary: how many times a host name was looked up (DNS queries, QR=0)
-- param host: the name looked up, in presentation form (matched lower-cased)
-- param org?: only lookups from these organisations of the case's orgmap (comma-separated)
-- param since?: UTC date or time, inclusive (default: no lower bound)
-- param until?: UTC date or time, exclusive (default: no upper bound)
-- param qtype?: only this query type (A, AAAA, MX, PTR ... or a number)
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: DNS query messages (QR=0), one per packet or log line; duplicates
--   (retries, the same lookup logged by several servers) are kept, except
--   that dedupe = server counts a lookup several servers logged once
-- needs: lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
)
SELECT count(*) AS lookups
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
	AND (:qtype IS NULL OR m.qtype = qtype_num(:qtype))
	AND (:org IS NULL OR list_has(:org, org_of(m.src, m.time_ns)));
