#!/bin/sh
# demo-extract.sh: the alfa-2016 case with the published logs taken from a
# ClickHouse cluster by custody extract, instead of from files.
#
# The three claimed logs stand for what a sensor network keeps in a
# column store: their lookups are loaded into a two-shard cluster (two
# clickhouse-server processes on 127.0.0.1, ports derived from this
# shell's pid, a Distributed table over a MergeTree table on each), then
# one extract by host and window goes through the Distributed table into
# a new case under the label published-logs. The capture, the BIND log,
# the orgmap and the timeline are ingested from files as in demo.sh, the
# case is verified deeply, and the claims of claims.ini run on it: the
# verdicts are those of the local case (verdicts.txt, first column).
#
# CLICKHOUSE_URL=http://... uses a server you run instead (its table
# dns_lookups must hold the rows; docs/scale.md), with credentials from
# CLICKHOUSE_USER and CLICKHOUSE_PASSWORD. Lands in build/demo/extract
# (DEMO=dir to change the parent). Exits 0 when clickhouse-server cannot
# start, after saying why (the rest of the casefile needs no server).
set -eu
cd "$(dirname "$0")/../.."
TOP=$(pwd)
BIN=${BIN:-build/bin}
D=${DEMO:-build/demo}
X=$D/extract
CASEFILE=casefiles/alfa-2016
PATH=$BIN:$PATH
export PATH
. "$TOP/tests/clickhouse.sh"

step() { printf '\n== %s\n' "$*"; }

if [ ! -d "$D/evidence" ]; then
	mkdir -p "$D"
	custody synth -q "$CASEFILE/scenario.ini" -o "$D/evidence"
fi
rm -rf "$X"
mkdir -p "$X"
X=$(cd "$X" && pwd)

URL=${CLICKHOUSE_URL:-}
if [ -z "$URL" ]; then
	step "a two-shard ClickHouse cluster on 127.0.0.1 (two clickhouse-server processes)"
	base=$((30000 + ($$ % 2000) * 10))
	trap 'ch_stop "$X/shard1"; ch_stop "$X/shard2"' EXIT
	shards="$((base + 1)) $((base + 4))"
	if ! ch_start "$X/shard1" "$base" "$((base + 1))" "$shards" ||
	    ! ch_start "$X/shard2" "$((base + 3))" "$((base + 4))" "$shards"; then
		echo "demo-extract: skipped: $(cat "$X"/shard*/why 2>/dev/null | head -1)"
		exit 0
	fi
	for s in shard1 shard2; do
		ch_table "$X/$s" dns_lookups_local
	done
	# The Distributed table spreads rows over the shards at random and
	# reads both when queried; it lives on the first server.
	ch_sql "$X/shard1" "CREATE TABLE dns_lookups AS dns_lookups_local
	    ENGINE = Distributed(custody_test, default, dns_lookups_local, rand())"
	ch_casefile_tsv "$D/evidence" | clickhouse-client --host 127.0.0.1 --port "$((base + 1))" \
	    --insert_distributed_sync=1 --query "INSERT INTO dns_lookups FORMAT TabSeparated"
	echo "rows per shard: $(ch_sql "$X/shard1" 'SELECT count() FROM dns_lookups_local')" \
	    "and $(ch_sql "$X/shard2" 'SELECT count() FROM dns_lookups_local');" \
	    "through the Distributed table: $(ch_sql "$X/shard1" 'SELECT count() FROM dns_lookups')"
	URL=http://127.0.0.1:$base/
	CLICKHOUSE_USER=extract CLICKHOUSE_PASSWORD=extract-secret
	export CLICKHOUSE_USER CLICKHOUSE_PASSWORD
fi

step "custody keygen and init"
custody keygen -o "$X/examiner.key"
custody init "$X/case" --case-id alfa-2016-extract \
    --examiner "Demo Examiner (synthetic case)" --key "$X/examiner.key"

step "custody extract: the lookups of the host in the window, through the Distributed table"
custody extract "$X/case" --key "$X/examiner.key" --clickhouse "$URL" \
    --host mail1.trump-email.com --since 2016-05-01 --until 2016-11-01 \
    --source published-logs --note "the claimed logs, as a sensor network's column store holds them"

step "custody ingest: the capture, the server log, the orgmap and the timeline, from files"
for f in "$D"/evidence/*; do
	case $(basename "$f") in
	*capture*.pcap)
		custody ingest -q "$X/case" --key "$X/examiner.key" --format pcap --source capture-ns1 "$f" ;;
	*bind*.log)
		custody ingest -q "$X/case" --key "$X/examiner.key" --format bind --source server-log-ns1 "$f" ;;
	*orgs*.csv)
		custody ingest -q "$X/case" --key "$X/examiner.key" --format orgmap --source orgmap "$f" ;;
	esac
done
custody ingest -q "$X/case" --key "$X/examiner.key" --format events --source timeline \
    "$CASEFILE/events.csv"

step "custody extract --recheck: the cluster still returns the same bytes"
custody extract --recheck "$X/case" 1 --key "$X/examiner.key" -q

step "custody verify --deep: the extract re-parsed from its stored bytes, without the server"
custody verify "$X/case" --deep

step "custody log: the extract's ingest event"
custody log "$X/case" | sed -n 2p

step "custody claims on the extract: the verdicts of the local case"
custody claims "$X/case" "$CASEFILE/claims.ini" --out "$X/report" --key "$X/examiner.key"
