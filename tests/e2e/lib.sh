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

# caught NAME CASE TEXT [VERIFY-ARGS]: custody verify exits 1 and names
# TEXT on standard error (tamper.sh, intact.sh).
caught() {
	_n=$1 _c=$2 _t=$3; shift 3
	custody verify "$_c" "$@" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ $_rc -eq 1 ] && grep -qF -- "$_t" "$T/err"; then
		ok "$_n"
	else
		notok "$_n (exit $_rc; wanted 1 and a message with '$_t')"
		sed 's/^/#   /' "$T/err" | head -5
	fi
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

# make_tsa DIR: a local RFC 3161 time-stamping authority for tests (EC
# P-256: OpenSSL 3.0 cannot sign replies with Ed25519): DIR/ca.crt (the
# CA to trust), DIR/tsa.crt (extendedKeyUsage critical,timeStamping) and
# DIR/tsa.cnf with a [tsa] section.
make_tsa() {
	mkdir -p "$1" && (
	cd "$1" || exit 1
	printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature' \
	    'extendedKeyUsage=critical,timeStamping' > ext.cnf
	cat > tsa.cnf <<-'CNF'
	[ tsa ]
	default_tsa = tsa1
	[ tsa1 ]
	dir = .
	serial = $dir/serial
	crypto_device = builtin
	signer_cert = $dir/tsa.crt
	signer_key = $dir/tsa.key
	signer_digest = sha256
	default_policy = 1.2.3.4.1
	digests = sha256, sha512
	accuracy = secs:1
	ordering = yes
	tsa_name = yes
	ess_cert_id_chain = no
	ess_cert_id_alg = sha256
	CNF
	sed "s|^dir = \.\$|dir = $(pwd)|" tsa.cnf > tsa.cnf.abs && mv tsa.cnf.abs tsa.cnf
	echo 01 > serial
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
	    -out ca.crt -subj "/CN=custody test TSA CA" -days 3650 \
	    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign &&
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tsa.key \
	    -out tsa.csr -subj "/CN=custody test TSA" &&
	openssl x509 -req -in tsa.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out tsa.crt \
	    -days 3650 -extfile ext.cnf
	) >/dev/null 2>&1
}

# tsa_reply DIR REQ.tsq OUT.tsr: the authority's answer; fails unless it
# granted (openssl ts -reply exits 0 even when it rejects).
tsa_reply() {
	openssl ts -reply -config "$1/tsa.cnf" -queryfile "$2" -out "$3" >/dev/null 2>&1 &&
	    openssl ts -reply -in "$3" -text 2>/dev/null | grep -q '^Status: Granted'
}
