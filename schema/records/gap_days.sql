-- name: gap_days
-- records: what each end of the gap was read from: host_a's last NOERROR response with an answer (or the passive DNS row that saw it resolve later), and host_b's first query (or the passive DNS row that saw it earlier)
-- parts: last answer of host_a; first lookup of host_b (each from responses, lookups or passive DNS, as the query's *_from columns say)
WITH sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR source = :evidence OR sha256 LIKE lower(:evidence) || '%'
), ra AS (
	SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset, time_ns AS t
	FROM dns_message
	WHERE qname = lower(:host_a) AND qr = 1 AND rcode = 0 AND ancount > 0
		AND evidence_id IN sel
	ORDER BY time_ns DESC, id DESC LIMIT 1
), pa AS (
	SELECT 'pdns' AS tbl, id, evidence_id, loc_index, loc_offset, time_last_ns AS t FROM pdns
	WHERE rrname = lower(:host_a) AND evidence_id IN sel
	ORDER BY time_last_ns DESC, id LIMIT 1
), lb AS (
	SELECT 'dns_message' AS tbl, id, evidence_id, loc_index, loc_offset, time_ns AS t
	FROM dns_message
	WHERE qname = lower(:host_b) AND qr = 0 AND evidence_id IN sel
	ORDER BY time_ns, id LIMIT 1
), pb AS (
	SELECT 'pdns' AS tbl, id, evidence_id, loc_index, loc_offset, time_first_ns AS t FROM pdns
	WHERE rrname = lower(:host_b) AND evidence_id IN sel
	ORDER BY time_first_ns, id LIMIT 1
), a AS (
	SELECT * FROM pa WHERE (SELECT t FROM ra) IS NULL OR pa.t > (SELECT t FROM ra)
	UNION ALL
	SELECT * FROM ra WHERE (SELECT t FROM pa) IS NULL OR ra.t >= (SELECT t FROM pa)
), b AS (
	SELECT * FROM pb WHERE (SELECT t FROM lb) IS NULL OR pb.t < (SELECT t FROM lb)
	UNION ALL
	SELECT * FROM lb WHERE (SELECT t FROM pb) IS NULL OR lb.t <= (SELECT t FROM pb)
)
SELECT tbl, id, evidence_id, loc_index, loc_offset, 'last answer of host_a' AS part,
	NULL AS grp FROM a
UNION ALL
SELECT tbl, id, evidence_id, loc_index, loc_offset, 'first lookup of host_b', NULL FROM b
ORDER BY part, grp, evidence_id, loc_index, loc_offset, id;
