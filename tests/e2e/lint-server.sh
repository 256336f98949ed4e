# lint-server.sh: lint on clean logs that real servers wrote must give no
# warning. A real named (two workers) and a real Unbound on 127.0.0.1 get
# queries from several loopback sources (dig, with and without recursion
# desired, EDNS, DO, CD, TCP), and their query logs are linted with
# --fail-on warning. The corpus generator is then held to the same
# servers line for line (lint-corpus checklines): the queries of a seeded
# schedule go to named as they are, and to Unbound under libfaketime at
# their scheduled times, thirty days of log in seconds, which is linted
# too. Each part skips with a message when its server cannot start.
. "$TOP/tests/e2e/lib.sh"

C=$TOOLS/lint-corpus
PORT=$((20000 + $$ % 20000))
# send PORT: about sixty queries from six sources, in the ways dig can.
send() {
	for src in 2 3 4 5 6 7; do
		for opt in "" +norec +dnssec +cdflag +tcp "+noedns"; do
			for q in "mail1.example-mail.com A" "example-mail.com MX"; do
				# shellcheck disable=SC2086
				dig -b 127.0.0.$src -p "$1" @127.0.0.1 $q $opt +time=2 +tries=1 >/dev/null 2>&1
			done
		done
	done
}

# ------------------------------------------------------------ named
if need_cmd named "lint-server: named" && need_cmd dig "lint-server: dig"; then
	mkdir ns
	"$C" serverconf bind "$T/ns" $PORT
	if named -c "$T/ns/named.conf" -u "$(id -un)" -n 2 >ns/start.out 2>&1; then
		i=0; while [ ! -s ns/named.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		if dig -p $PORT @127.0.0.1 www.example-mail.com +short +time=2 +tries=1 >/dev/null 2>&1; then
			: > ns/queries.log
			send $PORT
			sleep 0.5
			cp ns/queries.log named-dig.log
			# The generator's lines against named's: a schedule of two
			# days' queries (and one over TCP) sent as they are.
			"$C" gen --loopback --schedule --seed 5 --days 2 --per-day 60 > sched
			printf '1462150000000000\t127.0.0.9\t40001\tmail1.example-mail.com\tA\t-E(0)TDK\n' >> sched
			: > ns/queries.log
			"$C" replay --port $PORT sched > sent
			sleep 0.5
			cp ns/queries.log named-replay.log
			kill "$(cat ns/named.pid)" 2>/dev/null
			n=$(wc -l < named-dig.log)
			check "named: logged the queries sent ($n)" test "$n" -ge 60
			expect_exit 0 "named: lint of its clean log gives no warning" \
			    custody lint --fail-on warning named-dig.log
			sed 's/^/#   /' "$T/out" | head -5
			expect_exit 0 "named: gen's lines are named's, line for line" \
			    "$C" checklines --format bind sent named-replay.log
			contains "named: every query compared" "$T/out" "lines differ"
			cat "$T/out" "$T/err" | sed 's/^/#   /' | head -8
			expect_exit 0 "named: lint of the replayed log gives no warning" \
			    custody lint --fail-on warning named-replay.log
			# what lint found, when it fails (once, at load 2.5)
			grep -v ': note: ' "$T/out" | sed 's/^/#   /' | head -5
		else
			kill "$(cat ns/named.pid)" 2>/dev/null
			skip "lint-server: named does not answer on port $PORT"
		fi
	else
		skip "lint-server: named did not start ($(head -c 200 ns/start.out))"
	fi
fi

# ------------------------------------------------------------ unbound
wait_log() { # FILE
	i=0; while ! grep -q "start of service" "$1" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}

if ! need_cmd unbound "lint-server: unbound" || ! need_cmd dig "lint-server: dig"; then
	exit 0
fi
UPORT=$((PORT + 1))
mkdir ub
"$C" serverconf unbound "$T/ub" $UPORT
if ! unbound -c "$T/ub/unbound.conf" >ub/start.out 2>&1; then
	skip "lint-server: unbound did not start ($(head -c 200 ub/start.out))"
	exit 0
fi
wait_log ub/unbound.log
send $UPORT
sleep 0.5
kill "$(cat ub/unbound.pid)" 2>/dev/null
sleep 0.3
cp ub/unbound.log unbound-dig.log
n=$(grep -c " IN$" unbound-dig.log)
check "unbound: logged the queries sent ($n)" test "$n" -ge 60
expect_exit 0 "unbound: lint of its clean log gives no warning" \
    custody lint --fail-on warning unbound-dig.log
sed 's/^/#   /' "$T/out" | head -5

# Thirty days of Unbound's log in seconds: libfaketime sets its clock to
# each query's time (FAKETIME_TIMESTAMP_FILE, re-read at every call).
lib=
for f in /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 /usr/lib/*/faketime/libfaketime.so.1; do
	[ -f "$f" ] && lib=$f && break
done
if [ -z "$lib" ]; then
	skip "lint-server: thirty days of Unbound: libfaketime is not installed (Debian faketime)"
	exit 0
fi
mkdir ubf
"$C" serverconf unbound "$T/ubf" $((PORT + 2))
echo "+0" > ubf/ft
LD_PRELOAD=$lib FAKETIME_TIMESTAMP_FILE=$T/ubf/ft FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
    unbound -d -c "$T/ubf/unbound.conf" >ubf/out 2>&1 &
UB=$!
trap 'kill $UB 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
wait_log ubf/unbound.log
"$C" gen --loopback --schedule --format unbound --seed 1 --days 30 --per-day 40 > usched
expect_exit 0 "unbound: thirty days of queries answered at their times" \
    "$C" replay --port $((PORT + 2)) --faketime "$T/ubf/ft" usched
cp "$T/out" usent
sleep 0.3
kill $UB 2>/dev/null
wait $UB 2>/dev/null
grep -v "start of service\|service stopped" ubf/unbound.log > unbound-30days.log
expect_exit 0 "unbound: gen's lines are Unbound's, line for line" \
    "$C" checklines --format unbound usent unbound-30days.log
cat "$T/out" "$T/err" | sed 's/^/#   /' | head -8
first=$(head -n 1 unbound-30days.log | cut -c2-11)
check "unbound: the log starts at the schedule's first second ($first)" \
    test "$first" -eq "$(($(head -n 1 usched | cut -f1) / 1000000))"
expect_exit 0 "unbound: lint of thirty days of a real log gives no warning" \
    custody lint --fail-on warning unbound-30days.log
sed 's/^/#   /' "$T/out" | head -5
