# demo.sh: the alfa-2016 casefile end to end, as `make demo` runs it (the
# press scenario with the capture and without it, and the critics'
# scenario), checked against the outcome the casefile documents
# (casefiles/alfa-2016/verdicts.txt, all three columns) and against
# the pattern the casefile exists to show: C05 and C07 cannot both hold
# (one is CONTRADICTED), the mutually exclusive pairs C13/K06, C16/K04
# and C09/K05 are never both SUPPORTED, claims of absence (K01, K04) are
# UNTESTABLE without a capture, and the office-hours share is printed
# beside a uniform baseline near 0.48.
. "$TOP/tests/e2e/lib.sh"

CF=$TOP/casefiles/alfa-2016
if ! DEMO=$T/demo BIN=$BIN sh "$CF/demo.sh" >demo.out 2>demo.err; then
	notok "make demo runs (see below)"
	tail -5 demo.err | sed 's/^/#   /'
	exit 0
fi
ok "the casefile's demo runs end to end: both scenarios, with and without the capture"

# id verdict, one per line, from report.json-style output
verdicts() {
	custody claims "$1" "$CF/claims.ini" --absent-untestable --json |
	    grep -o '"id":"[^"]*"\|"verdict":"[A-Z]*"' | sed 's/.*:"\(.*\)"/\1/' | paste - -
}
verdicts "$T/demo/case" >with.v
verdicts "$T/demo/nocapture/case" >without.v
verdicts "$T/demo/critics/case" >critics.v
check "every claim of claims.ini has a verdict in all three cases" \
    test "$(wc -l <with.v)" -eq "$(grep -c '^\[claim ' "$CF/claims.ini")" -a \
    "$(wc -l <without.v)" -eq "$(wc -l <with.v)" -a "$(wc -l <critics.v)" -eq "$(wc -l <with.v)"

# the documented outcome
grep -v '^#' "$CF/verdicts.txt" | awk 'NF == 4 { print $1 "\t" $2 "\t" $3 "\t" $4 }' >want
paste with.v without.v critics.v | awk -F'\t' '{ print $1 "\t" $2 "\t" $4 "\t" $6 }' >got
if cmp -s want got; then
	ok "every verdict is the one verdicts.txt documents ($(wc -l <got) claims, three cases)"
else
	notok "every verdict is the one verdicts.txt documents"
	diff want got | sed 's/^/#   /' | head -20
fi

# every figure the previous release (schema 3) gave on the same demo
results() { # CASE LABEL
	custody claims "$1" "$CF/claims.ini" --absent-untestable --json | /usr/bin/python3 -c '
import json, sys
for c in json.load(sys.stdin)["claims"]:
    print("\t".join([sys.argv[1], c["id"], c.get("query_sha256") or "", c["verdict"],
        json.dumps(c.get("result"), sort_keys=True, separators=(",", ":"))]))' "$2"
}
# (the query texts' hashes aside: issue 14 changed the texts, not what
# they compute)
results "$T/demo/case" with | cut -f1,2,4,5 >results.got
results "$T/demo/nocapture/case" without | cut -f1,2,4,5 >>results.got
grep -v '^#' "$CF/results.txt" | cut -f1,2,4,5 >results.want
if cmp -s results.want results.got; then
	ok "every claim's result is the one the schema-3 release gave ($(wc -l <results.got) results)"
else
	notok "every claim's result is the one the schema-3 release gave"
	diff results.want results.got | sed 's/^/#   /' | head -20
fi

v() { awk -v id="$2" '$1 == id { print $2 }' "$1"; }

# Without --absent-untestable, a claim naming evidence the case lacks is an
# error that lists the labels it has, not a quiet UNTESTABLE.
expect_exit 2 "claims: a selector naming no evidence is an error" \
    custody claims "$T/demo/nocapture/case" "$CF/claims.ini"
contains "claims: ... naming the claim and the labels the case has" "$T/err" \
    "claim C13: evidence: evidence 'capture-ns1' names no evidence of this case"
check "C05 and C07: one of them CONTRADICTED" \
    test "$(v with.v C05)/$(v with.v C07)" = SUPPORTED/CONTRADICTED -o \
    "$(v with.v C05)/$(v with.v C07)" = CONTRADICTED/SUPPORTED -o \
    "$(v with.v C05)/$(v with.v C07)" = CONTRADICTED/CONTRADICTED
for f in with.v without.v; do
	for pair in C13/K06 C16/K04 C09/K05; do
		a=${pair%/*} b=${pair#*/}
		check "$pair never both SUPPORTED ($f)" \
		    test "$(v $f "$a")/$(v $f "$b")" != SUPPORTED/SUPPORTED
	done
done
check "C13/K06, C16/K04, C09/K05: exactly one SUPPORTED with the capture" test \
    "$(for p in C13 K06 C16 K04 C09 K05; do v with.v $p; done | grep -c '^SUPPORTED$')" -eq 3
for id in K01 K04; do
	check "$id (absence) UNTESTABLE without the capture" test "$(v without.v $id)" = UNTESTABLE
	check "$id never SUPPORTED by silence" test "$(v without.v $id)" != SUPPORTED
done
# The second scenario turns the critics' explanation into evidence: the
# claims its story implies hold there and fail in the press scenario.
for id in K02 K04 K07 K09 K10; do
	check "$id: CONTRADICTED in the press scenario, SUPPORTED in the critics'" \
	    test "$(v with.v $id)/$(v critics.v $id)" = CONTRADICTED/SUPPORTED
done
for id in C01 C05 C10 C16; do
	check "$id: SUPPORTED in the press scenario, CONTRADICTED in the critics'" \
	    test "$(v with.v $id)/$(v critics.v $id)" = SUPPORTED/CONTRADICTED
done
contains "make demo prints the verdicts of both scenarios side by side" demo.out \
    "id         press         critics"
contains "... with the sentence on what that shows" demo.out "the evidence decides"
contains "the critics' report says its evidence is synthetic" \
    "$T/demo/critics/report/report.html" "SYNTHETIC EVIDENCE"

# the office-hours share beside its baseline, in the table and the report
c10=$(custody claims "$T/demo/case" "$CF/claims.ini" --wide | grep '^C10 ' | head -1)
case $c10 in
*"(baseline 0.4"[78]*) ok "C10's office-hours share is printed beside a baseline near 0.48" ;;
*) notok "C10's office-hours share is printed beside a baseline near 0.48: $c10" ;;
esac
contains "report.md prints the baseline beside C10's figure" "$T/demo/report/report.md" \
    "(baseline 0.48"
contains "report.md names the counting unit" "$T/demo/report/report.md" \
    "- Unit: queries (QR=0) as logged"
contains "report.json names the collapsed unit of C01-dedup" "$T/demo/report/report.json" \
    '"unit":"queries (QR=0), duplicates across servers collapsed"'
contains "the claims table has a unit column" demo.out "as logged"

# time_order states what lint reports, as a query: the gaps of ns1's log
custody lint "$T/demo/case" >lint.out 2>&1
lint_gaps=$(grep 'synthetic-ns1_cdcservices_com.csv' lint.out | sed -n 's/.*\[gap\].*(\([0-9]*\) in all).*/\1/p')
[ -n "$lint_gaps" ] || lint_gaps=$(grep 'synthetic-ns1_cdcservices_com.csv' lint.out | grep -c '\[gap\]')
sha=$(sha256sum "$T/demo/evidence/synthetic-ns1_cdcservices_com.csv" | cut -c1-16)
custody query "$T/demo/case" time_order --param evidence="$sha" --json >order.json
q_gaps=$(grep -o '"rows":\[\[[0-9]*,[0-9.]*,[0-9]*' order.json | sed 's/.*,//')
check "time_order finds the gaps lint reports in ns1's log ($q_gaps, lint $lint_gaps)" \
    test -n "$q_gaps" -a "$q_gaps" = "$lint_gaps" -a "${q_gaps:-0}" -gt 0

# The claims table fits the terminal: COLUMNS=80 gives lines of at most 80
# characters, cells cut at a word with an ellipsis; --wide cuts nothing.
COLUMNS=80 custody claims "$T/demo/case" "$CF/claims.ini" | sed '/^unit: /,$d' >narrow.out
check "the claims table fits COLUMNS=80" /usr/bin/python3 -c 'import sys
sys.exit(0 if all(len(l.rstrip("\n")) <= 80 for l in open(sys.argv[1], encoding="utf-8")) else 1)' narrow.out
contains "a cell that does not fit is cut at a word, with an ellipsis" narrow.out "Alfa Bank's resolvers…"
custody claims "$T/demo/case" "$CF/claims.ini" --wide >wide.out
contains "--wide prints every cell whole" wide.out \
    "Alfa Bank's resolvers looked up mail1.trump-email.com 2,820 times between 4 May and 23 Sep 2016"
