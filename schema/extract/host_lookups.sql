-- name: host_lookups
-- summary: every lookup of a host name in a window, and of the name with a search suffix appended, from every server
-- format: dns
-- param host: the name looked up, lower-case presentation form without the final dot
-- param since = 1970-01-01: UTC date or time, inclusive
-- param until = 2100-01-01: UTC date or time, exclusive
-- param table = dns_lookups: the table to read, [database.]name (a Distributed table on a cluster)
-- column time DateTime('UTC'): when the lookup was logged, UTC
-- column server String: the server or sensor that logged it
-- column client String: the querier's address
-- column qname String: the name looked up
-- column qtype String: the query type (A, MX, ...)
-- A lookup of "host.corp.example" is the host with a resolver's search
-- suffix appended: the same lookup, so it is extracted with it. Rows come
-- in a total order, so the same data gives the same bytes again
-- (custody extract --recheck).
SELECT toTimeZone(time, 'UTC') AS time, server, client, qname, qtype
FROM {table:Identifier}
WHERE (qname = {host:String} OR startsWith(qname, concat({host:String}, '.')))
	AND time >= {since:DateTime} AND time < {until:DateTime}
ORDER BY server, time, client, qname, qtype
