-- name: connection_acceptance
-- summary: which sources a server accepted TCP connections from on a port
-- param host?: the server's name: its addresses are the A and AAAA answers for it in the case
-- param address?: the server's address (instead of, or as well as, host)
-- param port: the server port (25 for SMTP)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: TCP flows to the server's port in the captures (or Zeek
--   conn.logs): accepted_sources =
--   distinct initiators with a completed handshake; refused_sources = distinct
--   initiators that sent SYN and never completed one (reset or no answer);
--   attempts = flows with a SYN; handshakes = flows that completed
-- needs: flows
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), target(addr) AS (
	SELECT :address WHERE :address IS NOT NULL
	UNION
	SELECT a.rdata FROM dns_answer a
	WHERE a.name = lower(:host) AND a.type IN (1, 28) AND a.section = 1
		AND a.evidence_id IN (SELECT id FROM evidence)
), f AS (
	SELECT src, syn, established
	FROM flow
	WHERE proto = 'tcp' AND dport = CAST(:port AS INTEGER)
		AND addr_key(dst) IN (SELECT addr_key(addr) FROM target)
		AND first_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND first_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND evidence_id IN sel
)
SELECT (SELECT count(DISTINCT src) FROM f WHERE established = 1) AS accepted_sources,
	(SELECT count(DISTINCT src) FROM f WHERE syn = 1 AND src NOT IN
		(SELECT src FROM f WHERE established = 1)) AS refused_sources,
	(SELECT count(*) FROM f WHERE syn = 1) AS attempts,
	(SELECT count(*) FROM f WHERE established = 1) AS handshakes;
