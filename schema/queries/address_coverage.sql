-- name: address_coverage
-- summary: which of a list of addresses never appear as the source of a lookup
-- param addresses: querier addresses, comma-separated (IPv4 or IPv6, any text form)
-- param host?: only lookups of this name (default: lookups of any name)
-- param since?: UTC date or time, inclusive
-- param until?: UTC date or time, exclusive
-- param evidence?: only evidence with this --source label (exactly), SHA-256 prefix (6+ hex digits) or id
-- counts: over the distinct addresses listed: missing = those that are the
--   source of no DNS query (QR=0) in the evidence and window, present = the
--   others; missing_addresses and present_addresses name them (canonical
--   text, comma-separated, in the order given)
-- needs: lookups
WITH RECURSIVE sel AS (
	SELECT id FROM evidence
	WHERE :evidence IS NULL OR evidence_is(:evidence, id, source, sha256)
), split(rest, item, k) AS (
	SELECT :addresses || ',', NULL, 0
	UNION ALL
	SELECT substr(rest, instr(rest, ',') + 1), trim(substr(rest, 1, instr(rest, ',') - 1)), k + 1
	FROM split WHERE rest <> ''
), listed AS (
	SELECT addr_norm(item) AS addr, min(k) AS k FROM split
	WHERE item IS NOT NULL AND item <> '' GROUP BY addr_norm(item)
), seen AS (
	SELECT l.addr, l.k, EXISTS (SELECT 1 FROM dns_message m
		WHERE m.src = l.addr AND m.qr = 0
			AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
			AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)
			AND m.evidence_id IN sel
			AND (:host IS NULL OR m.qname = lower(:host))) AS present
	FROM listed l
)
SELECT (SELECT count(*) FROM seen WHERE NOT present) AS missing,
	(SELECT count(*) FROM seen WHERE present) AS present,
	(SELECT group_concat(addr, ',') FROM (SELECT addr FROM seen WHERE NOT present ORDER BY k))
		AS missing_addresses,
	(SELECT group_concat(addr, ',') FROM (SELECT addr FROM seen WHERE present ORDER BY k))
		AS present_addresses;
