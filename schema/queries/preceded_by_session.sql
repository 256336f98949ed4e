-- name: preceded_by_session
-- summary: the share of an organisation's lookups that follow a TCP session with the host
-- param host: the name looked up; its addresses are the A and AAAA answers for it in the case
-- param org: organisation(s) whose lookups are tested, comma-separated
-- param port: the session's server port (25 for SMTP)
-- param minutes: how long after a session a lookup still counts as following it
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- param dedupe = none: the counting unit; none counts every query as logged, server
--   counts once a lookup logged by several servers (same source, name and type
--   within 1 s; docs/dns-records.md, counting units)
-- counts: share = DNS queries (QR=0) of host from org made while, or within
--   minutes after, a completed TCP session on port between one of the host's
--   addresses and an address of org (either direction) / all such queries
-- needs: lookups flows
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), target(addr) AS (
	SELECT addr_key(a.rdata) FROM dns_answer a
	WHERE a.name = lower(:host) AND a.type IN (1, 28) AND a.section = 1
		AND a.evidence_id IN (SELECT id FROM evidence)
), sess AS MATERIALIZED (
	SELECT first_ns, last_ns + CAST(:minutes AS INTEGER) * 60000000000 AS until_ns
	FROM flow
	WHERE proto = 'tcp' AND dport = CAST(:port AS INTEGER) AND established = 1
		AND evidence_id IN (SELECT id FROM evidence)
		AND ((addr_key(dst) IN target AND list_has(:org, org_of(src, first_ns)))
			OR (addr_key(src) IN target AND list_has(:org, org_of(dst, first_ns))))
), look AS (
	SELECT EXISTS (SELECT 1 FROM sess s WHERE m.time_ns BETWEEN s.first_ns AND s.until_ns)
		AS preceded
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
		AND list_has(:org, org_of(m.src, m.time_ns))
)
SELECT CASE WHEN count(*) > 0 THEN round(1.0 * sum(preceded) / count(*), 6) END AS share,
	count(*) AS lookups, coalesce(sum(preceded), 0) AS preceded
FROM look;
