#!/bin/sh
# valgrind.sh: the end-to-end tests (tests/e2e/*.sh) with every custody
# binary run under valgrind memcheck, for `make valgrind`.
#
# tests/e2e/lib.sh sees VALGRIND and puts a wrapper for each binary of
# $BUILD/bin first on PATH (and in $BIN); each run writes its own log to
# $VGLOG (the dispatcher `custody` is followed into the custody-VERB it
# runs). memcheck exits 99 on an error or a definite leak, which fails the
# check that ran it; and every log that is not empty is listed here and
# fails the run, whether or not the test looked at the exit status.
# TESTS=substr selects scripts as for make check.
BUILD=${BUILD:-build}
VGLOG=$(pwd)/$BUILD/valgrind
rm -rf "$VGLOG"
mkdir -p "$VGLOG"
# badinput.sh runs one ingest as nobody: it must be able to write its log.
chmod 1777 "$VGLOG"
VALGRIND="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full"
VALGRIND="$VALGRIND --errors-for-leak-kinds=definite --show-leak-kinds=definite"
VALGRIND="$VALGRIND --track-origins=no --num-callers=30 --quiet"
VALGRIND="$VALGRIND --suppressions=$(pwd)/tests/valgrind.supp"
export VALGRIND VGLOG
E2E_ONLY=1 BUILD=$BUILD sh tests/run.sh
rc=$?
runs=$(find "$VGLOG" -name 'vg.*.log' | wc -l)
bad=$(find "$VGLOG" -name 'vg.*.log' -size +0 | wc -l)
echo "valgrind: $runs binary runs under memcheck, $bad with errors or definite leaks (logs in $VGLOG)"
for f in $(find "$VGLOG" -name 'vg.*.log' -size +0 | head -5); do
	echo "== $f"; head -40 "$f"
done
[ "$rc" -eq 0 ] && [ "$bad" -eq 0 ]
