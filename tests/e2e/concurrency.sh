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
