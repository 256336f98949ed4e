#!/bin/sh
# kill-export.sh: custody export killed with SIGKILL at 50 moments spread
# over its run (delays from a seeded generator, so a run can be repeated:
# KILL_SEED, KILL_POINTS, KILL_MIB). After each kill: custody verify
# passes, and the bundle path is either absent or a complete bundle that
# passes the stock checks (tar, sha256sum -c, openssl pkeyutl) and whose
# chain is the case's chain, or the case's chain plus its own export
# event (killed between the rename and the commit, see docs/bundle.md).
# Prints one "ok" per kill point.
. "$(dirname "$0")/lib.sh"

SEED=${KILL_SEED:-6}
POINTS=${KILL_POINTS:-50}
MIB=${KILL_MIB:-160}
# Under memcheck (make valgrind) every run is some 30 times slower: a few
# kills of a small case check the same paths for memory errors.
[ -n "${VALGRIND:-}" ] && POINTS=${KILL_POINTS:-3} MIB=${KILL_MIB:-4}

new_case "$T/case" || { notok "kill-export: setup"; exit 0; }
openssl rand -out "$T/big.bin" $((MIB * 1024 * 1024)) 2>/dev/null ||
    head -c $((MIB * 1024 * 1024)) /dev/urandom > "$T/big.bin"
printf 'small original\n' > "$T/small.txt"
custody ingest -q --format raw "$T/case" --key "$T/key" "$T/big.bin" "$T/small.txt" >/dev/null 2>&1 ||
    { notok "kill-export: ingest"; exit 0; }
rm -f "$T/big.bin"

# One whole export, to know how long one takes.
t0=$(date +%s%N)
"$BIN/custody-export" -q "$T/case" -o "$T/whole.tar" --key "$T/key" >/dev/null 2>&1 ||
    { notok "kill-export: an export that is not killed"; exit 0; }
t1=$(date +%s%N)
rm -f "$T/whole.tar"
ms=$(((t1 - t0) / 1000000))
echo "# one export takes $ms ms; killing at $POINTS moments in [0, $((ms * 11 / 10))] ms, seed $SEED"

awk -v seed="$SEED" -v n="$POINTS" -v ms="$ms" 'BEGIN {
	srand(seed)
	for (i = 0; i < n; i++) printf "%.3f\n", rand() * ms * 1.1 / 1000
}' > "$T/delays"

# bundle_ok PATH: unpacks and checks a bundle with stock tools, and
# compares its chain with the case's.
bundle_ok() {
	rm -rf "$T/x" && mkdir "$T/x" && tar -xf "$1" -C "$T/x" 2>/dev/null || return 1
	chmod -R u+w "$T/x"
	(cd "$T/x/test-case" && sha256sum -c --quiet manifest-sha256.txt &&
	    sha256sum -c --quiet tagmanifest-sha256.txt &&
	    openssl pkeyutl -verify -pubin -inkey examiner.pem -rawin -in tagmanifest-sha256.txt \
	    -sigfile tagmanifest-sha256.txt.ed25519) >/dev/null 2>&1 || return 1
	custody log --raw "$T/case" > "$T/caselog"
	if cmp -s "$T/caselog" "$T/x/test-case/data/custody.log"; then
		return 0 # committed
	fi
	# Killed after the rename, before the commit: the bundle's chain is
	# the case's plus one export event.
	[ "$(head -n -1 "$T/x/test-case/data/custody.log" | cmp - "$T/caselog" && echo same)" = same ] &&
	    tail -n 1 "$T/x/test-case/data/custody.log" | grep -q ' export bag:test-case '
}

i=0 absent=0 whole=0 uncommitted=0 leftovers=0
while read -r delay; do
	i=$((i + 1))
	out=$T/b$i.tar
	"$BIN/custody-export" -q "$T/case" -o "$out" --key "$T/key" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	what=
	if ! custody verify -q "$T/case" >"$T/verify.out" 2>&1; then
		what="custody verify fails"
	elif [ ! -e "$out" ]; then
		absent=$((absent + 1)); what=absent
	elif bundle_ok "$out"; then
		whole=$((whole + 1)); what=complete
		custody log --raw "$T/case" | cmp -s - "$T/x/test-case/data/custody.log" ||
		    { uncommitted=$((uncommitted + 1)); what="complete, export not committed"; }
	else
		what="bundle present but incomplete"
	fi
	case $what in
	absent | complete*) ok "kill-export: point $i (${delay}s): verify passes, bundle $what" ;;
	*) notok "kill-export: point $i (${delay}s): $what"; sed 's/^/#   /' "$T/verify.out" | head -5 ;;
	esac
	n=$(ls "$T" | grep -c '\.tar\.tmp-')
	leftovers=$((leftovers + n))
	rm -f "$T"/*.tar.tmp-* "$out"
done < "$T/delays"
echo "# $absent absent, $whole complete ($uncommitted of them not committed), $leftovers temporary files left by kills"
