#!/bin/sh
# run.sh: runs every test of `make check` and prints the closing line
# "N passed, N failed" (", N skipped" when some skipped).
#
#   unit tests:  every $BUILD/tests/test_* (cmocka); each cmocka test counts
#   end to end:  every tests/e2e/*.sh; each "ok ..." / "not ok ..." /
#                "skip ..." line it prints counts (see tests/e2e/lib.sh)
#
# TESTS="pattern" runs only the unit binaries and scripts whose name matches.
BUILD=${BUILD:-build}
top=$(pwd)
pass=0 fail=0 skip=0
failed_names=
log=$BUILD/tests/log
mkdir -p "$log"

count() { # file
	p=$(grep -c '^ok ' "$1"); f=$(grep -c '^not ok ' "$1"); s=$(grep -c '^skip ' "$1")
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
}

for t in "$BUILD"/tests/test_*; do
	[ -n "${E2E_ONLY:-}" ] && break # make valgrind: end-to-end scripts only
	[ -x "$t" ] || continue
	name=${t##*/}
	case "$name" in *.o|*.d) continue ;; esac
	[ -n "$TESTS" ] && case "$name" in *$TESTS*) ;; *) continue ;; esac
	out=$log/$name.out
	CMOCKA_MESSAGE_OUTPUT=TAP CUSTODY_TOP=$top "$t" >"$out" 2>&1
	rc=$?
	# TAP from cmocka: "ok 1 - name", "not ok 2 - name"; a skip() is
	# "not ok 3 # SKIP name" (cmocka 1.1) or "ok 3 # SKIP name".
	sed -e '/^ok .*# SKIP/s/^ok /skip /' -e '/^not ok .*# SKIP/s/^not ok /skip /' \
	    "$out" > "$out.tap"
	count "$out.tap"
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$out.tap"; then
		fail=$((fail + 1))
		echo "not ok $name (exit $rc)" >> "$out.tap"
	fi
	if grep -q '^not ok ' "$out.tap"; then
		failed_names="$failed_names $name"
		echo "FAIL $name:"; grep -A3 '^not ok \|^# ' "$out.tap" | head -20
	fi
done

for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	name=${t##*/}
	[ "$name" = lib.sh ] && continue
	[ -n "$TESTS" ] && case "$name" in *$TESTS*) ;; *) continue ;; esac
	out=$log/$name.out
	BUILD=$BUILD TOP=$top sh "$t" >"$out" 2>&1
	rc=$?
	count "$out"
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$out"; then
		fail=$((fail + 1)); echo "not ok $name (exit $rc)" >> "$out"
	fi
	grep '^skip ' "$out" | sed "s|^|$name: |"
	if grep -q '^not ok ' "$out"; then
		failed_names="$failed_names $name"
		echo "FAIL $name:"; grep -B2 -A8 '^not ok ' "$out" | head -40
	fi
done

[ -n "$failed_names" ] && echo "failed:$failed_names (logs in $log/)"
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
