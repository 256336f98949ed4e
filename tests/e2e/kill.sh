# kill.sh: crash consistency of custody ingest.
#
# 1. A capture (made by gen-pcap, about half a second to ingest) is
#    ingested into a fresh case and killed with SIGKILL at KILLS (50)
#    pseudo-random moments (seeded: the same moments, as fractions of a
#    timed full ingest, on every run). After each kill: verify --deep
#    passes (an object left by an ingest killed between storing and
#    committing is a named note, removed by the next ingest); every
#    evidence row has its signed ingest event and a complete parse (the
#    parse digest of the full ingest); no record lacks its evidence row;
#    and the next ingest of the same file succeeds, leaving one event,
#    one object and no temporary file.
# 2. The same for a large raw file at fixed moments (the copy phase).
# Under the sanitizer twin (BUILD .../sanitize) KILLS is 10, under make
# valgrind 2: those binaries are several times slower, and the moments
# are the same fractions of their own timed run.
. "$TOP/tests/e2e/lib.sh"

need_cmd sqlite3 "kill: database checks" || exit 0
case $BUILD in
*sanitize*|*tsan*) KILLS=${KILLS:-10} PKTS=${PKTS:-10000} ;;
*) KILLS=${KILLS:-50} PKTS=${PKTS:-20000} ;;
esac
[ -n "${VALGRIND:-}" ] && KILLS=2 PKTS=3000
SEED=${KILL_SEED:-20161031}

now_ms() { date +%s%3N; }
q() { sqlite3 "$1/case.db" "$2"; }

custody keygen -o "$T/key" >/dev/null 2>&1 || { notok "keygen"; exit 1; }
mkcase() { rm -rf "$1"; custody init "$1" --case-id kill --examiner "Test Examiner" --key "$T/key" >/dev/null 2>&1; }
"$TOOLS/gen-pcap" -s 11 "$PKTS" big.pcap >/dev/null || { notok "gen-pcap"; exit 1; }

# A full ingest, timed: the reference parse digest and record count.
# The faster of two runs (the first pays for a cold cache).
full_ms=
for r in 1 2; do
	mkcase ref || { notok "make case"; exit 1; }
	t0=$(now_ms)
	custody ingest ref --key "$T/key" big.pcap >/dev/null 2>&1 || { notok "reference ingest"; exit 1; }
	t=$(( $(now_ms) - t0 ))
	[ -z "$full_ms" ] || [ "$t" -lt "$full_ms" ] && full_ms=$t
done
ref_digest=$(q ref "SELECT parse_digest FROM evidence")
ref_records=$(q ref "SELECT records FROM evidence")
echo "# $PKTS packets, $(wc -c < big.pcap) bytes, full ingest ${full_ms} ms, $ref_records records"

# Kill moments: uniform in 2%..95% of the full ingest time, from SEED.
awk -v n="$KILLS" -v seed="$SEED" -v ms="$full_ms" \
    'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%.3f\n", (0.02 + 0.93 * rand()) * ms / 1000 }' \
    > moments

i=0 killed=0 finished=0 bad_verify=0 bad_db=0 bad_next=0 orphan_notes=0 tmp_left=0 committed=0
while read -r delay; do
	i=$((i + 1))
	mkcase c || { notok "make case $i"; continue; }
	custody ingest c --key "$T/key" big.pcap >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 $pid 2>/dev/null; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
	wait $pid 2>/dev/null
	[ -n "$(ls -A c/tmp)" ] && tmp_left=$((tmp_left + 1))
	# verify --deep: passes; a stray object is a named note, not a failure.
	if ! custody verify --deep c >"$T/out" 2>"$T/err"; then
		bad_verify=$((bad_verify + 1))
		echo "# kill $i at ${delay}s: verify --deep failed:"; sed 's/^/#   /' "$T/out" "$T/err" | head -5
	fi
	grep -q 'not evidence (left by an interrupted ingest' "$T/out" "$T/err" && orphan_notes=$((orphan_notes + 1))
	# The database: evidence only with its ingest event and its full parse;
	# no record without its evidence.
	ev=$(q c "SELECT count(*) FROM evidence")
	[ "$ev" -eq 1 ] && committed=$((committed + 1))
	probs=$(q c "SELECT
	    (SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM events v
	        WHERE v.seq = e.event_seq AND v.line LIKE '% ingest sha256:' || e.sha256 || ' %'))
	  + (SELECT count(*) FROM evidence WHERE parse_digest <> '$ref_digest' OR records <> $ref_records)
	  + (SELECT count(*) FROM dns_message WHERE evidence_id NOT IN (SELECT id FROM evidence))
	  + (SELECT count(*) FROM dns_answer WHERE evidence_id NOT IN (SELECT id FROM evidence))
	  + (SELECT count(*) FROM flow WHERE evidence_id NOT IN (SELECT id FROM evidence))
	  + (SELECT count(*) FROM events) - 1 - (SELECT count(*) FROM evidence)")
	if [ "$probs" != 0 ]; then
		bad_db=$((bad_db + 1)); echo "# kill $i at ${delay}s: $probs database problems"
	fi
	# The next ingest of the same file completes the case.
	if ! custody ingest c --key "$T/key" big.pcap >/dev/null 2>"$T/err" ||
	    [ "$(q c "SELECT count(*) FROM evidence WHERE parse_digest = '$ref_digest'")" != 1 ] ||
	    [ "$(q c "SELECT count(*) FROM events")" != 2 ] ||
	    [ -n "$(ls -A c/tmp)" ] ||
	    [ "$(find c/objects -type f | wc -l)" != 1 ]; then
		bad_next=$((bad_next + 1)); echo "# kill $i at ${delay}s: the next ingest did not complete the case"
		sed 's/^/#   /' "$T/err" | head -3
	fi
	# Every tenth round, the repaired case verifies in full as well.
	if [ $((i % 10)) -eq 0 ] && ! custody verify --deep c >/dev/null 2>&1; then
		bad_next=$((bad_next + 1)); echo "# kill $i: verify --deep after the next ingest failed"
	fi
done < moments
echo "# $i moments: $killed killed mid-ingest, $finished had finished; $committed had committed;" \
    "$tmp_left left a temporary file, $orphan_notes a stray object (named by verify)"
check "capture: $KILLS kill moments run" test $i -eq "$KILLS"
check "capture: most moments killed the ingest mid-way ($killed of $i)" test $((killed * 10)) -ge $((i * 6))
check "capture: verify --deep passes after every kill ($bad_verify failures)" test $bad_verify -eq 0
check "capture: no half-ingested evidence, no record without evidence or event ($bad_db)" test $bad_db -eq 0
check "capture: the next ingest completes the case after every kill ($bad_next)" test $bad_next -eq 0
check "capture: some kills left a temporary file (the case under test)" test $tmp_left -ge 1

# 2. A large raw file: the copy-and-hash phase.
mkcase r || { notok "make case"; exit 1; }
head -c 64000000 /dev/urandom > big.bin
[ -n "${VALGRIND:-}" ] && head -c 2000000 /dev/urandom > big.bin
printf 'small\n' > small.txt
rkilled=0 leftover=0
for delay in 0.05 0.1 0.2 0.3 0.5; do
	custody-ingest r --key "$T/key" --format raw big.bin >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null && rkilled=$((rkilled + 1))
	wait $pid 2>/dev/null
	[ -n "$(ls -A r/tmp)" ] && leftover=$((leftover + 1))
	custody verify r >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ]; then ok "raw: verify passes after kill -9 at ${delay}s"
	else notok "raw: verify after kill -9 at ${delay}s (exit $rc)"; sed 's/^/#   /' "$T/err" | head -3; fi
done
check "raw: at least one ingest was killed mid-way" test $rkilled -ge 1
[ -z "${VALGRIND:-}" ] && check "raw: a kill left a temporary file behind (the case under test)" test $leftover -ge 1
custody ingest r --key "$T/key" --format raw small.txt >/dev/null 2>&1
check "raw: leftover temp files cleaned by the next ingest" test -z "$(ls -A r/tmp)"
custody ingest r --key "$T/key" --format raw big.bin >/dev/null 2>&1
expect_exit 0 "raw: the large file ingests afterwards" custody verify r
n=$(custody log r --json | grep -c '"action":"ingest"')
check "raw: exactly one ingest event per file" test "$n" -eq 2
