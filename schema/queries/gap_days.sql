-- name: gap_days
-- summary: days from one host's last answer to another host's first lookup
-- param host_a: the name that stopped resolving
-- param host_b: the name that appeared after it
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: days = UTC calendar days from the last NOERROR response with an
--   answer for host_a to the first DNS query (QR=0) of host_b (whole days,
--   as a reader counts "four days later")
-- needs: responses lookups
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), a AS (
	SELECT max(time_ns) AS t FROM dns_message
	WHERE qname = lower(:host_a) AND qr = 1 AND rcode = 0 AND ancount > 0
		AND evidence_id IN sel
), b AS (
	SELECT min(time_ns) AS t FROM dns_message
	WHERE qname = lower(:host_b) AND qr = 0 AND evidence_id IN sel
)
SELECT CAST(julianday(date(b.t / 1000000000, 'unixepoch')) -
		julianday(date(a.t / 1000000000, 'unixepoch')) AS INTEGER) AS days,
	custody_iso(a.t) AS last_answer_a, custody_iso(b.t) AS first_lookup_b
FROM a, b;
