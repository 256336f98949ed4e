# hostile-case.sh: the hostile-case suite (tests/tools/hostile-case.c) on
# the alfa-2016 demo case, with passive DNS and a Zeek conn.log added:
# seeded edits of case.db (every table and
# column, rows, ids, links, schema, pages, the header) and of the case
# directory (originals, links, extra files, journals, a write-ahead log),
# each either caught by `custody verify --deep` (exit 1) or changing no
# figure of any fixed query or claim. A small run here; `make hostile`
# runs a large one (HOSTILE_CASES, HOSTILE_SEED). docs/robustness.md has
# the figures.
. "$TOP/tests/e2e/lib.sh"

case $BUILD in
*tsan*) N=${HOSTILE_CASES:-12} ;;
*sanitize*) N=${HOSTILE_CASES:-20} ;;
*) N=${HOSTILE_CASES:-60} ;;
esac
[ -n "${VALGRIND:-}" ] && N=4
SEED=${HOSTILE_SEED:-20161031}
CF=$TOP/casefiles/alfa-2016

if ! DEMO=$T/demo BIN=$BIN sh "$CF/demo.sh" >demo.out 2>demo.err; then
	notok "hostile-case: the demo case could not be built"
	tail -5 demo.err | sed 's/^/#   /'
	exit 0
fi
# Evidence of the formats the demo lacks, so that every record table has
# rows to edit: passive DNS and a Zeek conn.log (flow and flow_state).
custody ingest -q "$T/demo/case" --key "$T/demo/examiner.key" --format pdns --source pdns \
    "$TOP/tests/data/text/pdns.json" &&
custody ingest -q "$T/demo/case" --key "$T/demo/examiner.key" --format zeek-conn \
    --source zeek-conn "$TOP/tests/data/text/zeek-conn.log" ||
	notok "hostile-case: ingest of the passive DNS and conn.log fixtures"
mkdir work
"$TOOLS/hostile-case" -s "$SEED" -n "$N" "$T/demo/case" "$CF/claims.ini" work >out 2>err
rc=$?
sed 's/^/# /' out | grep -v '^# #' | head -40
grep '^#' out
tail -3 err | sed 's/^/#   /'
check "hostile-case: $N seeded edits, each caught by verify --deep or harmless ($(tail -n 1 out))" \
    test $rc -eq 0
check "hostile-case: most edits were applicable and some were caught" \
    sh -c "tail -n 1 out | awk 'END { exit !(\$2 >= $N * 3 / 4 && \$5 > 0) }'"
# The untouched case is the baseline: it must still verify.
expect_exit 0 "hostile-case: the untouched demo case verifies --deep" custody verify --deep "$T/demo/case"
