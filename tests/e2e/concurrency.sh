# concurrency.sh: several custody ingest runs on one case at once all
# finish, nothing is lost, and the chain stays linear.
. "$TOP/tests/e2e/lib.sh"

new_case c || { notok "make case"; exit 1; }
n=6
i=1
while [ $i -le $n ]; do
	head -c $((2000000 + i)) /dev/urandom > f$i.bin
	i=$((i + 1))
done
pids=
i=1
while [ $i -le $n ]; do
	custody ingest c --key key --format raw f$i.bin > o$i 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
# The same bytes from two runs at once: one ingests, the other says so.
custody ingest c --key key --format raw f1.bin > dup 2>&1 &
pids="$pids $!"
fails=0
for p in $pids; do wait "$p" || fails=$((fails + 1)); done
check "all concurrent ingests exit 0" test $fails -eq 0
custody log c --json > log.json
check "chain has init + one event per distinct file" test "$(wc -l < log.json)" -eq $((n + 1))
seqs=$(sed 's/^{"seq":\([0-9]*\),.*/\1/' log.json | tr '\n' ' ')
check "sequence is 1..$((n + 1)) in order" test "$seqs" = "$(seq 1 $((n + 1)) | tr '\n' ' ')"
expect_exit 0 "case verifies after concurrent ingest" custody verify c
contains "every original re-hashed" "$T/out" "$n originals re-hashed"

# Round 2: captures and text logs of every kind at once, on the same case.
# Each file is also ingested alone into a reference case: the concurrent
# case must hold the same records (same parse digest per original).
D=$TOP/tests/data/text
files=
for s in 1 2 3; do
	"$TOOLS/gen-pcap" -s $s -t $((s * 10)) $((2000 * s)) cap$s.pcap >/dev/null || notok "gen-pcap $s"
	files="$files cap$s.pcap"
done
for f in bind-918.log dnsmasq.log unbound.log zeek-dns.log zeek-dns.json claimed.csv; do
	cp "$D/$f" "$f"
	files="$files $f"
done
m=$(echo $files | wc -w)
new_case ref || { notok "make reference case"; exit 1; }
for f in $files; do
	custody ingest ref --key key --year 2016 "$f" >/dev/null 2>&1 || notok "reference ingest of $f"
done
pids=
for f in $files; do
	custody ingest c --key key --year 2016 "$f" > "o-$f" 2>&1 &
	pids="$pids $!"
done
fails=0
for p in $pids; do wait "$p" || fails=$((fails + 1)); done
check "mixed: all $m concurrent ingests (captures and logs) exit 0" test $fails -eq 0
custody log c --json > log2.json
total=$((n + 1 + m))
check "mixed: chain has one event per file ($total in all)" test "$(wc -l < log2.json)" -eq $total
seqs=$(sed 's/^{"seq":\([0-9]*\),.*/\1/' log2.json | tr '\n' ' ')
check "mixed: sequence is 1..$total in order" test "$seqs" = "$(seq 1 $total | tr '\n' ' ')"
if need_cmd sqlite3 "mixed: records per file"; then
	want=$(sqlite3 ref/case.db "SELECT sha256, records, parse_digest FROM evidence ORDER BY sha256")
	got=$(sqlite3 c/case.db "SELECT sha256, records, parse_digest FROM evidence
	    WHERE format <> 'raw' ORDER BY sha256")
	check "mixed: every file's records present, as when ingested alone" test "$want" = "$got"
	check "mixed: records were parsed (not an empty case)" \
	    test "$(sqlite3 c/case.db "SELECT sum(records) > 1000 FROM evidence")" = 1
fi
expect_exit 0 "mixed: case verifies --deep after concurrent ingest" custody verify --deep c
