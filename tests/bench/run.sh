#!/bin/sh
# run.sh: every benchmark in tests/bench, one after another (make bench).
# BENCH=substr runs only the matching ones. Figures are printed; nothing
# is asserted about time.
cd "$(dirname "$0")/../.." || exit 2
status=0
for b in tests/bench/*.sh; do
	case $b in */lib.sh|*/run.sh) continue ;; esac
	case $b in *"${BENCH:-}"*) ;; *) continue ;; esac
	echo "== $b"
	sh "$b" || status=1
done
exit $status
