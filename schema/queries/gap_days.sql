-- name: gap_days
-- summary: days from one host's last answer to another host's first lookup
-- param host_a: the name that stopped resolving
-- param host_b: the name that appeared after it
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: days = UTC calendar days from the last NOERROR response with an
--   answer for host_a to the first DNS query (QR=0) of host_b (whole days,
--   as a reader counts "four days later"). Passive DNS stands in where it
--   says more: host_a's last time seen resolving when later, host_b's first
--   time seen when earlier; last_answer_a_from and first_lookup_b_from name
--   the source of each ('responses', 'lookups' or 'passive DNS')
-- needs: responses lookups or-pdns
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), ra AS (
	SELECT max(time_ns) AS t FROM dns_message
	WHERE qname = lower(:host_a) AND qr = 1 AND rcode = 0 AND ancount > 0
		AND evidence_id IN sel
), pa AS (
	SELECT max(time_last_ns) AS t FROM pdns WHERE rrname = lower(:host_a) AND evidence_id IN sel
), lb AS (
	SELECT min(time_ns) AS t FROM dns_message
	WHERE qname = lower(:host_b) AND qr = 0 AND evidence_id IN sel
), pb AS (
	SELECT min(time_first_ns) AS t FROM pdns WHERE rrname = lower(:host_b) AND evidence_id IN sel
), a AS (
	SELECT CASE WHEN pa.t IS NOT NULL AND (ra.t IS NULL OR pa.t > ra.t) THEN pa.t ELSE ra.t END
		AS t,
		CASE WHEN pa.t IS NOT NULL AND (ra.t IS NULL OR pa.t > ra.t) THEN 'passive DNS'
		WHEN ra.t IS NOT NULL THEN 'responses' END AS src
	FROM ra, pa
), b AS (
	SELECT CASE WHEN pb.t IS NOT NULL AND (lb.t IS NULL OR pb.t < lb.t) THEN pb.t ELSE lb.t END
		AS t,
		CASE WHEN pb.t IS NOT NULL AND (lb.t IS NULL OR pb.t < lb.t) THEN 'passive DNS'
		WHEN lb.t IS NOT NULL THEN 'lookups' END AS src
	FROM lb, pb
)
SELECT CAST(julianday(date(b.t / 1000000000, 'unixepoch')) -
		julianday(date(a.t / 1000000000, 'unixepoch')) AS INTEGER) AS days,
	custody_iso(a.t) AS last_answer_a, custody_iso(b.t) AS first_lookup_b,
	a.src AS last_answer_a_from, b.src AS first_lookup_b_from
FROM a, b;
