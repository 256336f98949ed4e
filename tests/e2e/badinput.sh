# badinput.sh: what bad input gets: a clear message, exit 2, and a case
# that is byte-for-byte unchanged (database and objects).
. "$TOP/tests/e2e/lib.sh"

new_case c || { notok "make case"; exit 1; }
printf 'evidence\n' > good.txt
custody ingest c --key key --format raw good.txt >/dev/null 2>&1
before=$(case_state c)

unchanged() { # NAME
	if [ "$(case_state c)" = "$before" ]; then ok "$1: case unchanged"; else notok "$1: case changed"; fi
}
refused() { # NAME TEXT ARGS...: exit 2, stderr names TEXT, case unchanged
	_n=$1 _t=$2; shift 2
	expect_exit 2 "$_n: exit 2" custody ingest c --key key --format raw "$@"
	contains "$_n: message" "$T/err" "$_t"
	unchanged "$_n"
}

refused "missing file" "nosuch.bin: No such file or directory" nosuch.bin
mkdir adir
refused "directory" "adir: not a regular file (a directory)" adir
mkfifo afifo
refused "FIFO" "afifo: not a regular file (a FIFO)" afifo
ln -s good.txt alink
refused "symlink" "alink: is a symbolic link" alink
refused "one bad file among good ones refuses all" "nosuch.bin" good.txt nosuch.bin

expect_exit 2 "unknown --format: exit 2" custody ingest c --key key --format nosuch good.txt
contains "unknown --format: message" "$T/err" "unknown --format 'nosuch'"
unchanged "unknown --format"

# --param is K=V in query and extract alike (cmd/cli.c's cli_param)
for cmd in "query c lookups-by-day" "extract c --key key --clickhouse http://127.0.0.1:9/ --query-file none.sql"; do
	set -- $cmd
	expect_exit 2 "$1 --param without '=': exit 2" custody "$@" --param host
	contains "$1 --param without '=': message" "$T/err" "--param host: give K=V"
	expect_exit 2 "$1 --param with no key: exit 2" custody "$@" --param =x
done
unchanged "--param without K=V"

cp key loose; chmod 644 loose
expect_exit 2 "key readable by others: exit 2" custody ingest c --key loose --format raw good.txt
contains "key readable by others: message" "$T/err" "private key is readable by others (mode 0644)"
unchanged "key readable by others"

printf 'right horse\n' > pass1; printf 'wrong horse\n' > pass2
custody keygen -o enc --passphrase-file pass1 >/dev/null 2>&1
head -n1 enc > enc.head
contains "encrypted key is encrypted PEM" enc.head "BEGIN ENCRYPTED PRIVATE KEY"
expect_exit 2 "wrong passphrase: exit 2" custody init e --case-id e --examiner E --key enc --passphrase-file pass2
contains "wrong passphrase: message" "$T/err" "wrong passphrase"
check "wrong passphrase: no case left behind" test ! -e e
expect_exit 2 "encrypted key without passphrase: exit 2" custody init e --case-id e --examiner E --key enc </dev/null
contains "encrypted key without passphrase: message" "$T/err" "key is encrypted"
expect_exit 0 "right passphrase" custody init e --case-id e --examiner E --key enc --passphrase-file pass1

mkdir notacase
expect_exit 2 "directory that is not a case: exit 2" custody ingest notacase --key key --format raw good.txt
contains "directory that is not a case: message" "$T/err" "not a custody case"
check "directory that is not a case: left empty" test -z "$(ls -A notacase)"
printf 'SQLite format 3\000garbage' > notacase/case.db
expect_exit 2 "case.db that is not SQLite: exit 2" custody verify notacase
expect_exit 2 "verify of a missing case" custody verify nosuchcase

expect_exit 2 "init into a non-empty directory" custody init c --case-id x --examiner E --key key
contains "init into a non-empty directory: message" "$T/err" "exists and is not empty"
unchanged "init into a non-empty directory"
expect_exit 2 "bad case id" custody init d --case-id "../x" --examiner E --key key
check "bad case id: nothing created" test ! -e d

expect_exit 0 "same bytes twice: exit 0" custody ingest c --key key --format raw good.txt
contains "same bytes twice: says so" "$T/err" "already in the case"
unchanged "same bytes twice"

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	# Root reads anything; run as nobody on a copy of the case it owns.
	cp -a c cn; cp key kn; chown -R nobody cn kn
	printf 'secret\n' > unreadable; chmod 000 unreadable
	before_n=$(case_state cn)
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$BIN/custody-ingest" cn --key kn --format raw unreadable >"$T/out" 2>"$T/err"
	rc=$?
	check "unreadable file: exit 2" test $rc -eq 2
	contains "unreadable file: message" "$T/err" "unreadable: Permission denied"
	check "unreadable file: case unchanged" test "$(case_state cn)" = "$before_n"
elif [ "$(id -u)" != 0 ]; then
	printf 'secret\n' > unreadable; chmod 000 unreadable
	refused "unreadable file" "unreadable: Permission denied" unreadable
else
	skip "unreadable file: running as root without setpriv"
fi
expect_exit 0 "case still verifies" custody verify c
