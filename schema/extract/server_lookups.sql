-- name: server_lookups
-- summary: everything a set of servers (or sensors) logged in a window
-- format: dns
-- param servers: the servers, comma-separated, as the table names them
-- param since = 1970-01-01: UTC date or time, inclusive
-- param until = 2100-01-01: UTC date or time, exclusive
-- param table = dns_lookups: the table to read, [database.]name (a Distributed table on a cluster)
-- column time DateTime('UTC'): when the lookup was logged, UTC
-- column server String: the server or sensor that logged it
-- column client String: the querier's address
-- column qname String: the name looked up
-- column qtype String: the query type (A, MX, ...)
-- Rows come in a total order, so the same data gives the same bytes
-- again (custody extract --recheck).
SELECT toTimeZone(time, 'UTC') AS time, server, client, qname, qtype
FROM {table:Identifier}
WHERE has({servers:Array(String)}, server)
	AND time >= {since:DateTime} AND time < {until:DateTime}
ORDER BY server, time, client, qname, qtype
