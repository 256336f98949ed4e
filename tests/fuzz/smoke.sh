#!/bin/sh
# smoke.sh: runs every built fuzz harness ($FUZZ_DIR/fuzz_*) for
# FUZZ_SECONDS each, one after the other, for `make fuzz-smoke`.
#
# Seeds of harness fuzz_NAME: tests/fuzz/seeds/NAME/ (kept by hand, if
# present), $FUZZ_DIR/seeds/NAME/ (derived by tests/fuzz/seeds.sh), the
# inputs of tests/data/regress/NAME-* (past findings), and for pcap the
# small captures of ../shared/data when that folder is present (those
# over 4 KiB cut into pieces of 8 packets). Options
# per harness: -max_len from tests/fuzz/NAME.options ("max_len = N") or the
# table below; tests/fuzz/NAME.dict is passed as -dict when present.
# The working corpus grows in $FUZZ_DIR/corpus/NAME/; crashes, leaks,
# timeouts and out-of-memory inputs go to $FUZZ_DIR/crashes/NAME/.
#
# Prints one line per harness (executions, corpus size, new findings) and
# a total; exits 1 when any harness found anything. FUZZ=substr selects.
set -u
FUZZ_DIR=${FUZZ_DIR:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
BUILD=${BUILD:-build}
top=$(pwd)
shared=$top/../shared/data
sh tests/fuzz/seeds.sh "$FUZZ_DIR/seeds" "$BUILD/tests/tools"

max_len() { # NAME
	if [ -f "tests/fuzz/$1.options" ]; then
		sed -n 's/^ *max_len *= *\([0-9]*\).*/\1/p' "tests/fuzz/$1.options" | head -n 1
		return
	fi
	case $1 in
	pcap) echo 65536 ;;
	dns|reader|json) echo 4096 ;;
	claims|scenario) echo 16384 ;;
	bind|unbound|dnsmasq|zeek|csv|orgmap|events|zeekconn|pdns|clickhouse) echo 16384 ;;
	decomp|sigfmt) echo 8192 ;;
	*) echo 65536 ;;
	esac
}

status=0 total_execs=0 total_new=0 n=0
summary=$FUZZ_DIR/smoke-summary.txt
: > "$summary"
for bin in "$FUZZ_DIR"/fuzz_*; do
	[ -x "$bin" ] && [ -f "$bin" ] || continue
	case $bin in *.o|*.d) continue ;; esac
	name=${bin##*/fuzz_}
	[ -n "${FUZZ:-}" ] && case $name in *$FUZZ*) ;; *) continue ;; esac
	corpus=$FUZZ_DIR/corpus/$name
	crashes=$FUZZ_DIR/crashes/$name
	mkdir -p "$corpus" "$crashes"
	dirs="$corpus"
	[ -d "tests/fuzz/seeds/$name" ] && dirs="$dirs tests/fuzz/seeds/$name"
	[ -d "$FUZZ_DIR/seeds/$name" ] && dirs="$dirs $FUZZ_DIR/seeds/$name"
	# Past findings are seeds too (tests/data/regress/NAME-*).
	reg=$FUZZ_DIR/seeds-regress/$name
	rm -rf "$reg"; mkdir -p "$reg"
	for f in tests/data/regress/"$name"-*; do [ -f "$f" ] && cp "$f" "$reg/"; done
	dirs="$dirs $reg"
	ml=$(max_len "$name")
	if [ "$name" = pcap ] && [ -d "$shared/dns-pcaps" ]; then
		sh_seeds=$FUZZ_DIR/seeds-shared/pcap
		rm -rf "$sh_seeds"; mkdir -p "$sh_seeds"
		# Over 4 KiB, a classic pcap is cut into pieces of 8 records
		# (tests/tools/pcap-split.c): short seeds, fast mutations.
		find "$shared/dns-pcaps" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) \
		    -size -"$ml"c | while IFS= read -r f; do
			b=${f##*/}
			if [ "$(wc -c < "$f")" -gt 4096 ] &&
			    "$BUILD/tests/tools/pcap-split" 8 "$f" "$sh_seeds/$b" 2>/dev/null; then
				continue
			fi
			cp "$f" "$sh_seeds/"
		done
		dirs="$dirs $sh_seeds"
	fi
	if [ "$name" = dnstap ] && [ -d "$shared/dns-pcaps" ]; then
		sh_seeds=$FUZZ_DIR/seeds-shared/dnstap
		rm -rf "$sh_seeds"; mkdir -p "$sh_seeds"
		find "$shared/dns-pcaps" -type f -name '*.fstrm' -exec cp {} "$sh_seeds/" \; 2>/dev/null
		dirs="$dirs $sh_seeds"
	fi
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	before=$(ls "$crashes" | wc -l)
	log=$FUZZ_DIR/smoke-$name.log
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len="$ml" \
	    -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$crashes/" $dict $dirs \
	    > "$log" 2>&1
	rc=$?
	after=$(ls "$crashes" | wc -l)
	new=$((after - before))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	execs=${execs:-0}
	units=$(ls "$corpus" | wc -l)
	line="fuzz_$name: $execs executions in ${FUZZ_SECONDS}s, corpus $units, new findings $new, exit $rc"
	echo "$line" | tee -a "$summary"
	if [ $rc -ne 0 ] || [ $new -ne 0 ]; then
		status=1
		grep -m 3 -E 'ERROR: |SUMMARY: |runtime error|fuzz harness:' "$log" | sed 's/^/    /'
		ls "$crashes" | tail -n "$((new > 0 ? new : 1))" | sed "s|^|    input: $crashes/|"
	fi
	total_execs=$((total_execs + execs)); total_new=$((total_new + new)); n=$((n + 1))
done
echo "fuzz-smoke: $n harnesses, $total_execs executions, $total_new new findings" | tee -a "$summary"
exit $status
