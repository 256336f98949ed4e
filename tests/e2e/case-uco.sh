#!/bin/sh
# case-uco.sh: custody log --case-uco, read as RDF by Debian's
# python3-rdflib (tests/tools/check-case-uco.py checks the graph against
# custody log --json: one action per event, every hash, every link, the
# key handed over and its successor), and the same file in the bundle,
# byte for byte.
. "$(dirname "$0")/lib.sh"

D=$TOP/tests/data/text
CHECK=$TOP/tests/tools/check-case-uco.py

new_case "$T/c" || { notok "case-uco: setup"; exit 0; }
cat > "$T/claims.ini" <<'EOF_CLAIMS'
[claim U1]
text   = the server's name was looked up
query  = lookup_count
host   = mail1.trump-email.com
evidence = ns1
expect = >= 1
EOF_CLAIMS
custody ingest "$T/c" --key "$T/key" --format bind --source ns1 --note 'a "quoted" note' \
    "$D/bind-918.log" >/dev/null 2>&1 &&
custody ingest "$T/c" --key "$T/key" --format orgmap --source orgs "$D/orgmap.csv" >/dev/null 2>&1 &&
custody ingest "$T/c" --key "$T/key" --format events --source timeline "$D/events.csv" >/dev/null 2>&1 &&
custody claims "$T/c" "$T/claims.ini" --key "$T/key" --out "$T/report" >/dev/null 2>&1 ||
	notok "case-uco: setup of ingests and claims"
# The case passes to a second key, held by another examiner.
custody keygen -o "$T/key2" >/dev/null 2>&1 &&
custody handover "$T/c" --key "$T/key" --to "$T/key2.pub" --examiner "Second Examiner" >/dev/null 2>&1 ||
	notok "case-uco: setup of a handover"
if make_tsa "$T/tsa" && custody timestamp "$T/c" --request "$T/q.tsq" >/dev/null 2>&1 &&
    tsa_reply "$T/tsa" "$T/q.tsq" "$T/r.tsr" &&
    custody timestamp "$T/c" --reply "$T/r.tsr" --key "$T/key2" >/dev/null 2>&1; then
	ok "case-uco: the chain has a time-stamp event"
else
	skip "case-uco: time-stamp event (no local time-stamping authority)"
fi
expect_exit 0 "case-uco: export with claims" \
    custody export "$T/c" -o "$T/b.tar" --key "$T/key2" --claims "$T/claims.ini" \
    --seal-time 2031-01-01T00:00:00Z

expect_exit 0 "case-uco: custody log --case-uco" custody log "$T/c" --case-uco
cp "$T/out" "$T/graph.jsonld"
custody log "$T/c" --json > "$T/log.jsonl"
check "case-uco: the bundle carries the same file" \
    sh -c "tar -xOf '$T/b.tar' test-c/data/custody-case-uco.jsonld | cmp -s - '$T/graph.jsonld'"
expect_exit 0 "case-uco: the same chain gives the same bytes" custody log "$T/c" --case-uco
check "case-uco: ... (deterministic)" cmp -s "$T/out" "$T/graph.jsonld"
contains "case-uco: the published CASE context" "$T/graph.jsonld" \
    '"case-investigation": "https://ontology.caseontology.org/case/investigation/"'
contains "case-uco: the published UCO context" "$T/graph.jsonld" \
    '"uco-action": "https://ontology.unifiedcyberontology.org/uco/action/"'

# log's output form is --json, --raw or --case-uco; --format names an
# input format in every command that has it, so log has none.
expect_exit 2 "case-uco: log has no --format (an input format elsewhere)" custody log "$T/c" --format case-uco
expect_exit 2 "case-uco: two output forms at once are a usage error" custody log "$T/c" --json --case-uco
expect_exit 2 "case-uco: --raw with --json is a usage error" custody log "$T/c" --raw --json
expect_exit 2 "case-uco: not a case" custody log "$T/nothing" --case-uco

if ! /usr/bin/python3 -c 'import rdflib' >/dev/null 2>&1; then
	skip "case-uco: RDF checks: python3-rdflib is not installed (apt-get install python3-rdflib)"
	exit 0
fi
/usr/bin/python3 "$CHECK" "$T/graph.jsonld" "$T/log.jsonl"

# The checker must see a broken link: drop one action's wasInformedBy.
/usr/bin/python3 - "$T/graph.jsonld" "$T/cut.jsonld" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for n in d["@graph"]:
    if n.get("@type") == "case-investigation:InvestigativeAction" and "case-investigation:wasInformedBy" in n:
        del n["case-investigation:wasInformedBy"]
        break
json.dump(d, open(sys.argv[2], "w"))
EOF
/usr/bin/python3 "$CHECK" "$T/cut.jsonld" "$T/log.jsonl" > "$T/cut.out" 2>&1
if grep -q '^not ok .*every action.*wasInformedBy' "$T/cut.out"; then
	ok "case-uco: the checker finds a cut link"
else
	notok "case-uco: the checker finds a cut link"
fi
