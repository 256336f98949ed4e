# kill.sh: kill -9 during the ingest of a large file leaves a case that
# custody verify passes; the leftover temporary file is ignored and is
# removed by the next command that opens the case for writing.
. "$TOP/tests/e2e/lib.sh"

new_case c || { notok "make case"; exit 1; }
head -c 64000000 /dev/urandom > big.bin
printf 'small\n' > small.txt
killed=0 leftover=0
for delay in 0.05 0.1 0.2 0.3 0.5; do
	custody-ingest c --key key --format raw big.bin >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null && killed=$((killed + 1))
	wait $pid 2>/dev/null
	[ -n "$(ls -A c/tmp)" ] && leftover=$((leftover + 1))
	custody verify c >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ]; then ok "verify passes after kill -9 at ${delay}s"
	else notok "verify after kill -9 at ${delay}s (exit $rc)"; sed 's/^/#   /' "$T/err" | head -3; fi
done
check "at least one ingest was killed mid-way" test $killed -ge 1
check "a kill left a temporary file behind (the case under test)" test $leftover -ge 1
custody ingest c --key key --format raw small.txt >/dev/null 2>&1
check "leftover temp files cleaned by the next ingest" test -z "$(ls -A c/tmp)"
custody ingest c --key key --format raw big.bin >/dev/null 2>&1
expect_exit 0 "the large file ingests afterwards" custody verify c
n=$(custody log c --json | grep -c '"action":"ingest"')
check "exactly one ingest event per file" test "$n" -eq 2
