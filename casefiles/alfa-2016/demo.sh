#!/bin/sh
# demo.sh: the alfa-2016 case end to end (run by `make demo`).
#
# Generates the synthetic evidence from scenario.ini, makes an examiner key
# and a case, ingests every file with its --source label, verifies the
# case deeply, runs the claims and writes the report. Everything lands in
# build/demo (DEMO=dir to change it). Then the same claims on a case
# without the capture (demo-nocapture.sh) and on the second scenario, in
# which the critics' explanation holds (demo-critics.sh); the last lines
# are the verdicts of both scenarios side by side and the paths of the
# reports. The evidence is synthetic: the verdicts show the method and
# say nothing about what happened in 2016.
set -eu
cd "$(dirname "$0")/../.."
BIN=${BIN:-build/bin}
D=${DEMO:-build/demo}
CASEFILE=casefiles/alfa-2016
PATH=$BIN:$PATH
export PATH

step() { printf '\n== %s\n' "$*"; }

rm -rf "$D"
mkdir -p "$D"
step "custody synth: the synthetic evidence of $CASEFILE/scenario.ini"
custody synth "$CASEFILE/scenario.ini" -o "$D/evidence"
ls -l "$D/evidence"

step "custody keygen and init"
custody keygen -o "$D/examiner.key"
custody init "$D/case" --case-id alfa-2016 --examiner "Demo Examiner (synthetic case)" \
    --key "$D/examiner.key"

step "custody ingest: each original under its SHA-256, parsed, signed"
. "$CASEFILE/ingest.sh"
ingest_evidence "$D/case" "$D/examiner.key" "$D/evidence"

step "custody verify --deep: originals re-hashed and re-parsed, chain and signatures"
custody verify "$D/case" --deep

step "custody claims: every claim of $CASEFILE/claims.ini"
custody claims "$D/case" "$CASEFILE/claims.ini" --out "$D/report" --key "$D/examiner.key"

step "custody export: the case sealed as a signed BagIt bundle"
# --record-dump: case.sql with every record row, so that a reader without
# custody can compute a figure again with stock sqlite3 (verify-by-hand.md)
custody export "$D/case" -o "$D/alfa-2016.tar" --key "$D/examiner.key" \
    --claims "$CASEFILE/claims.ini" --record-dump

step "custody review: the bundle checked as a stranger would, trusting nothing in it"
custody review "$D/alfa-2016.tar" --pubkey "$D/examiner.key.pub"

step "custody log (the last events)"
custody log "$D/case" | tail -n 3

# The same claims on a case without the capture (absence claims UNTESTABLE),
# and on the critics' scenario.
DEMO=$D BIN=$BIN sh "$CASEFILE/demo-nocapture.sh"
DEMO=$D BIN=$BIN sh "$CASEFILE/demo-critics.sh"

step "the claims table of alfa-2016 (the press scenario, with the capture; read-only rerun)"
custody claims "$D/case" "$CASEFILE/claims.ini"

step "one claims file, two synthetic scenarios: the verdicts side by side"
verdicts() { # CASE: "id<TAB>verdict" per claim, in claims.ini's order
	custody claims "$1" "$CASEFILE/claims.ini" --json |
	    grep -o '"id":"[^"]*"\|"verdict":"[A-Z]*"' | sed 's/.*:"\(.*\)"/\1/' | paste - -
}
verdicts "$D/case" > "$D/press.v"
verdicts "$D/critics/case" > "$D/critics.v"
printf '%-10s %-13s %-13s %s\n' id press critics "claim (casefiles/alfa-2016/claims.ini)"
paste "$D/press.v" "$D/critics.v" | while IFS="$(printf '\t')" read -r id a _ b; do
	text=$(sed -n "/^\[claim $id\]/,/^text/s/^text *= *//p" "$CASEFILE/claims.ini" | cut -c1-56)
	printf '%-10s %-13s %-13s %s\n' "$id" "$a" "$b" "$text"
done
cat <<'EOF'

The same claims file ran on two synthetic cases built from opposite
stories: on the first, made to match the press's figures, the press's
claims mostly hold; on the second, where the lookups are spam filters
answering a mailer's sends, the critics' mostly do. The claims file is
the test; the evidence decides. Neither column says what happened in 2016.
EOF
printf '\nreport: %s/report/report.html\n' "$D"
printf 'report of the critics'"'"' scenario: %s/critics/report/report.html\n' "$D"
printf 'bundle: %s/alfa-2016.tar (docs/verify-by-hand.md)\n' "$D"
