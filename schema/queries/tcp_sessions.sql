-- name: tcp_sessions
-- summary: completed TCP sessions on a port between two organisations
-- param port: the server port (25 for SMTP)
-- param org_a: organisation(s) at one end, comma-separated
-- param org_b: organisation(s) at the other end, comma-separated
-- param since?: UTC date or time, inclusive (a session counts by its first packet)
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: TCP flows in the captures (or Zeek conn.logs) whose three-way
--   handshake completed, to the port, initiated from either organisation
--   towards the other
-- needs: flows
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), f AS (
	SELECT org_of(src, first_ns) AS src_org, org_of(dst, first_ns) AS dst_org
	FROM flow
	WHERE proto = 'tcp' AND dport = CAST(:port AS INTEGER) AND established = 1
		AND first_ns >= coalesce(custody_ns(:since), -9223372036854775807)
		AND first_ns < coalesce(custody_ns(:until), 9223372036854775807)
		AND evidence_id IN sel
)
SELECT count(*) AS sessions
FROM f
WHERE (list_has(:org_a, src_org) AND list_has(:org_b, dst_org))
	OR (list_has(:org_b, src_org) AND list_has(:org_a, dst_org));
