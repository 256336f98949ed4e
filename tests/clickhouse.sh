# clickhouse.sh: Debian's clickhouse-server for the tests, the benchmark
# and the casefile's extract (sourced; POSIX sh).
#
# ch_start DIR HTTP TCP [CLUSTER_TCP_PORTS]
#     writes DIR/config.xml and DIR/users.xml and starts one server as the
#     user running this, on 127.0.0.1 only: HTTP on port HTTP, the native
#     protocol on TCP, HTTPS on HTTP+1 when DIR/server.crt and server.key
#     exist. CLUSTER_TCP_PORTS ("P1 P2") declares a cluster custody_test of
#     one shard per port. Data, logs and the pid stay in DIR. Waits until
#     the server answers; returns 1 with the reason in DIR/why when it
#     cannot start (the caller skips with that message).
# ch_stop DIR          stops it (by the pid it wrote) and waits.
# ch_sql DIR SQL       runs SQL with clickhouse-client on that server.
# ch_table DIR NAME    creates NAME, the DNS lookup table docs/scale.md
#                      describes (MergeTree ordered by name and time).
# ch_casefile_tsv DIR  the three claimed logs of the alfa-2016 casefile
#                      (custody synth output in DIR) as rows of that table
#                      on stdout: time, server, client, qname, qtype.
#
# Users: "default" (no password) loads data; "extract" (password
# "extract-secret", read-only profile) is the user custody extract runs as.

ch_start() {
	_d=$1 _http=$2 _tcp=$3 _shards=${4:-}
	mkdir -p "$_d/data" "$_d/tmp" "$_d/log" || return 1
	_https=
	if [ -f "$_d/server.crt" ] && [ -f "$_d/server.key" ]; then
		_https="<https_port>$((_http + 1))</https_port>
  <openSSL><server><certificateFile>$_d/server.crt</certificateFile><privateKeyFile>$_d/server.key</privateKeyFile>
    <verificationMode>none</verificationMode><loadDefaultCAFile>false</loadDefaultCAFile>
    <cacheSessions>true</cacheSessions><disableProtocols>sslv2,sslv3</disableProtocols></server></openSSL>"
	fi
	_cluster=
	if [ -n "$_shards" ]; then
		_cluster="<remote_servers><custody_test>"
		for _p in $_shards; do
			_cluster="$_cluster<shard><replica><host>127.0.0.1</host><port>$_p</port></replica></shard>"
		done
		_cluster="$_cluster</custody_test></remote_servers>"
	fi
	cat > "$_d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$_d/log/server.log</log><errorlog>$_d/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$_http</http_port>
  <tcp_port>$_tcp</tcp_port>
  $_https
  <path>$_d/data/</path>
  <tmp_path>$_d/tmp/</tmp_path>
  <user_files_path>$_d/tmp/</user_files_path>
  <format_schema_path>$_d/tmp/</format_schema_path>
  <users_config>$_d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>${CH_TIMEZONE:-UTC}</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
  $_cluster
</yandex>
XML
	cat > "$_d/users.xml" <<'XML'
<?xml version="1.0"?>
<yandex>
  <profiles><default></default><readonly><readonly>1</readonly></readonly></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile><quota>default</quota></default>
    <extract><password>extract-secret</password><networks><ip>127.0.0.1</ip></networks>
      <profile>readonly</profile><quota>default</quota></extract>
  </users>
  <quotas><default></default></quotas>
</yandex>
XML
	if ! command -v clickhouse-server >/dev/null 2>&1; then
		echo "clickhouse-server is not installed (Debian package clickhouse-server)" > "$_d/why"
		return 1
	fi
	clickhouse-server --config-file="$_d/config.xml" >"$_d/log/start.out" 2>&1 &
	echo $! > "$_d/pid"
	echo "$_tcp" > "$_d/tcp"
	_i=0
	while [ $_i -lt 300 ]; do
		if ! kill -0 "$(cat "$_d/pid")" 2>/dev/null; then
			echo "clickhouse-server exited at start: $(tail -c 300 "$_d/log/error.log" "$_d/log/start.out" 2>/dev/null | tr '\n' ' ')" > "$_d/why"
			return 1
		fi
		if clickhouse-client --host 127.0.0.1 --port "$_tcp" --query "SELECT 1" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "clickhouse-server did not answer on 127.0.0.1:$_tcp within 30 s" > "$_d/why"
	ch_stop "$_d"
	return 1
}

ch_stop() {
	[ -s "$1/pid" ] || return 0
	_pid=$(cat "$1/pid")
	kill "$_pid" 2>/dev/null || true
	_i=0
	while kill -0 "$_pid" 2>/dev/null && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	kill -9 "$_pid" 2>/dev/null || true
	rm -f "$1/pid"
}

ch_sql() {
	clickhouse-client --host 127.0.0.1 --port "$(cat "$1/tcp")" --query "$2"
}

# The table layout docs/scale.md describes: one row per lookup, ordered
# by name and time, so a host's lookups in a window are one range.
ch_table() {
	ch_sql "$1" "CREATE TABLE $2 (time DateTime('UTC'), server String, client String,
	    qname String, qtype String) ENGINE = MergeTree() PARTITION BY toYYYYMM(time)
	    ORDER BY (qname, time)"
}

ch_casefile_tsv() {
	for _f in "$1"/synthetic-ns*_cdcservices_com.csv; do
		_s=$(basename "$_f" .csv | sed 's/^synthetic-//; s/_/./g')
		# past custody synth's mark line and the header
		awk -F, -v s="$_s" '/^# / { next } !head { head = 1; next } { print substr($1, 1, 10) " " substr($1, 12, 8) "\t" s "\t" $2 "\t" $3 "\t" $4 }' "$_f"
	done
}
