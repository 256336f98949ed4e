# lib.sh: helpers for the end-to-end tests in tests/e2e/*.sh.
#
# Each test script sources this file, runs the real binaries from
# $BIN (build/bin), and reports each check as one line:
#   ok NAME / not ok NAME / skip NAME: reason
# tests/run.sh counts those lines. Scripts run in a fresh scratch
# directory ($T) that is removed at exit.
set -u
BUILD=${BUILD:-build}
TOP=${TOP:-$(pwd)}
case "$BUILD" in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BIN=$BUILD/bin
TOOLS=$BUILD/tests/tools
SHARED=${SHARED:-$TOP/../shared/data}
PATH=$BIN:$PATH
# make valgrind (tests/valgrind.sh): every custody binary runs under
# $VALGRIND, through wrappers in $BUILD/valgrind/bin, one log per run.
if [ -n "${VALGRIND:-}" ]; then
	VGBIN=${VGLOG:?}/bin
	mkdir -p "$VGBIN"
	for _b in "$BIN"/custody*; do
		[ -x "$_b" ] || continue
		printf '#!/bin/sh\nexec %s --trace-children=yes --log-file=%s/vg.%%p.%%n.log %s "$@"\n' \
		    "$VALGRIND" "$VGLOG" "$_b" > "$VGBIN/${_b##*/}.tmp$$"
		chmod +x "$VGBIN/${_b##*/}.tmp$$"
		mv "$VGBIN/${_b##*/}.tmp$$" "$VGBIN/${_b##*/}"
	done
	BIN=$VGBIN
	PATH=$BIN:$PATH
fi
export BIN TOOLS SHARED PATH
T=$(mktemp -d "${TMPDIR:-/tmp}/custody-e2e.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 2

ok() { echo "ok $*"; }
notok() { echo "not ok $*"; }
skip() { echo "skip $*"; }

# check NAME COMMAND...: ok when COMMAND succeeds.
check() {
	_n=$1; shift
	if "$@"; then ok "$_n"; else notok "$_n"; fi
}

# expect_exit CODE NAME COMMAND...: runs COMMAND (stdout to $T/out,
# stderr to $T/err) and checks its exit status.
expect_exit() {
	_want=$1 _n=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	_got=$?
	if [ "$_got" -eq "$_want" ]; then
		ok "$_n"
	else
		notok "$_n (exit $_got, wanted $_want: $*)"
		sed 's/^/#   stderr: /' "$T/err" | head -5
	fi
}

# contains NAME FILE TEXT: ok when FILE contains TEXT (fixed string).
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else notok "$1 ($2 lacks '$3')"; sed 's/^/#   /' "$2" | head -5; fi
}

# need_shared NAME: skip (and return 1) when ../shared/data is absent.
need_shared() {
	if [ -d "$SHARED" ]; then return 0; fi
	skip "$1: ../shared/data is absent"
	return 1
}

# need_cmd CMD NAME: skip (and return 1) when CMD is not installed.
need_cmd() {
	if command -v "$1" >/dev/null 2>&1; then return 0; fi
	skip "$2: $1 is not installed"
	return 1
}

# new_case DIR: a key ($T/key) and a case at DIR; the key is made once.
new_case() {
	[ -f "$T/key" ] || custody keygen -o "$T/key" >/dev/null 2>&1 || return 1
	custody init "$1" --case-id "test-${1##*/}" --examiner "Test Examiner" --key "$T/key" >/dev/null 2>&1
}

# case_state DIR: one hash over the case's database and objects, to prove
# a failed command changed nothing.
case_state() {
	(cd "$1" && find case.db objects -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum
}
