# extract-cluster.sh: the casefile end to end through a ClickHouse cluster
# (casefiles/alfa-2016/demo-extract.sh): two clickhouse-server processes
# as two shards, a Distributed table over them holding the claimed logs'
# lookups, one extract by host and window through it, and the claims of
# claims.ini on the resulting case give the verdicts the local case gives
# (verdicts.txt). Skips with a message when clickhouse-server cannot start.
. "$TOP/tests/e2e/lib.sh"

need_cmd clickhouse-server "extract-cluster: clickhouse-server" || exit 0
need_cmd clickhouse-client "extract-cluster: clickhouse-client" || exit 0
CF=$TOP/casefiles/alfa-2016
if ! DEMO=$T/demo BIN=$BIN sh "$CF/demo-extract.sh" >demo.out 2>demo.err; then
	notok "extract-cluster: demo-extract.sh runs (see below)"
	tail -n 8 demo.err demo.out | sed 's/^/#   /'
	exit 0
fi
if grep -q '^demo-extract: skipped' demo.out; then
	skip "extract-cluster: $(grep '^demo-extract: skipped' demo.out | sed 's/^demo-extract: skipped: //')"
	exit 0
fi
ok "extract-cluster: the casefile's extract runs end to end"

shards=$(sed -n 's/^rows per shard: \([0-9]*\) and \([0-9]*\);.*Distributed table: \([0-9]*\)$/\1 \2 \3/p' demo.out)
set -- $shards
check "extract-cluster: both shards hold rows, and the Distributed table all of them ($shards)" \
    test "${1:-0}" -gt 0 -a "${2:-0}" -gt 0 -a "$(( ${1:-0} + ${2:-0} ))" -eq "${3:--1}"

C=$T/demo/extract/case
line=$(sqlite3 "$C/case.db" "SELECT line FROM events WHERE seq = 2")
case $line in
*'"source":"published-logs"'*'"extract":{"url":"http://127.0.0.1:'*) ok "extract-cluster: the ingest event records the extract and its URL" ;;
*) notok "extract-cluster: the ingest event records the extract and its URL" ;;
esac
for f in '"query_name":"host_lookups"' '"server":{"version":"18.' '"host":"mail1.trump-email.com"' \
    '"since":"2016-05-01"' "FROM \`dns_lookups\`" '"response_format":"TabSeparatedWithNamesAndTypes"'; do
	case $line in
	*"$f"*) ok "extract-cluster: the event records $f" ;;
	*) notok "extract-cluster: the event records $f" ;;
	esac
done
sha=$(sqlite3 "$C/case.db" "SELECT sha256 FROM evidence WHERE id = 1")
case $line in
*"\"response_sha256\":\"$sha\""*) ok "extract-cluster: the event's response_sha256 is the stored original's" ;;
*) notok "extract-cluster: the event's response_sha256 is the stored original's" ;;
esac
check "extract-cluster: the stored original hashes to its evidence id" \
    test "$(sha256sum "$C/objects/sha256/$(echo "$sha" | cut -c1-2)/$(echo "$sha" | cut -c3-)" | cut -d' ' -f1)" = "$sha"
check "extract-cluster: the recheck was recorded as a note, same bytes" \
    test "$(sqlite3 "$C/case.db" "SELECT count(*) FROM events WHERE line LIKE '% note %\"same\":true}}'")" -eq 1
check "extract-cluster: no password in the case" \
    test "$(grep -rc extract-secret "$C" | grep -vc ':0$')" -eq 0

# the verdicts: those of the local case with the capture (verdicts.txt)
custody claims "$C" "$CF/claims.ini" --json |
    grep -o '"id":"[^"]*"\|"verdict":"[A-Z]*"' | sed 's/.*:"\(.*\)"/\1/' | paste - - >got
grep -v '^#' "$CF/verdicts.txt" | awk 'NF == 4 { print $1 "\t" $2 }' >want
check "extract-cluster: every claim has a verdict" test "$(wc -l <got)" -eq "$(wc -l <want)" -a -s want
if cmp -s want got; then
	ok "extract-cluster: the extract gives the local case's verdict on every claim ($(wc -l <got) claims)"
else
	notok "extract-cluster: the extract gives the local case's verdict on every claim"
	diff want got | sed 's/^/#   /' | head -20
fi

# Sealed and reviewed with the cluster gone (demo-extract.sh stopped it):
# the extract is re-parsed from the bundle's bytes alone.
expect_exit 0 "extract-cluster: the case exports" \
    custody export "$C" -o case.tar --key "$T/demo/extract/examiner.key" --claims "$CF/claims.ini"
expect_exit 0 "extract-cluster: review passes with the servers stopped" \
    custody review case.tar --key "$T/demo/extract/examiner.key.pub"
contains "extract-cluster: review re-ingests the extract from its bytes" "$T/out" \
    "PASS reingest host_lookups.tsv"
