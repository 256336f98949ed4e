#!/bin/sh
# demo.sh: the alfa-2016 case end to end (run by `make demo`).
#
# Generates the synthetic evidence from scenario.ini, makes an examiner key
# and a case, ingests every file with its --source label, verifies the
# case deeply, runs the claims and writes the report. Everything lands in
# build/demo (DEMO=dir to change it); the last lines are the claims table
# and the path of report.html. The evidence is synthetic: the verdicts
# show the method and say nothing about what happened in 2016.
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
for f in "$D"/evidence/*; do
	case $(basename "$f") in
	*capture*.pcap)
		custody ingest "$D/case" --key "$D/examiner.key" --format pcap \
		    --source capture-ns1 --note "synthetic capture at one authoritative server" "$f" ;;
	*bind*.log)
		custody ingest "$D/case" --key "$D/examiner.key" --format bind \
		    --source server-log-ns1 --note "synthetic BIND query log of that server" "$f" ;;
	*orgs*.csv)
		custody ingest "$D/case" --key "$D/examiner.key" --format orgmap \
		    --source orgmap --note "synthetic attribution of documentation ranges" "$f" ;;
	*events*.csv) # not generated: real history, see below
		custody ingest "$D/case" --key "$D/examiner.key" --format events \
		    --source timeline "$f" ;;
	*.csv)
		custody ingest "$D/case" --key "$D/examiner.key" --format csv \
		    --columns time=time,client=querier,qname=name,qtype=type \
		    --source published-logs --note "synthetic imitation of the published logs" "$f" ;;
	*)
		custody ingest "$D/case" --key "$D/examiner.key" --format raw "$f" ;;
	esac
done

# The timeline is not synthetic (dates from the reporting and the
# record, [U] items marked unconfirmed), so it is not generated: it is
# ingested from the casefile itself.
custody ingest "$D/case" --key "$D/examiner.key" --format events --source timeline \
    "$CASEFILE/events.csv"

step "custody verify --deep: originals re-hashed and re-parsed, chain and signatures"
custody verify "$D/case" --deep

step "custody claims: every claim of $CASEFILE/claims.ini"
custody claims "$D/case" "$CASEFILE/claims.ini" --out "$D/report" --key "$D/examiner.key"

step "custody export: the case sealed as a signed BagIt bundle"
custody export "$D/case" -o "$D/alfa-2016.tar" --key "$D/examiner.key" \
    --claims "$CASEFILE/claims.ini"

step "custody review: the bundle checked as a stranger would, trusting nothing in it"
custody review "$D/alfa-2016.tar" --key "$D/examiner.key.pub"

step "custody log (the last events)"
custody log "$D/case" | tail -n 3

# The same claims on a case without the capture (absence claims UNTESTABLE).
DEMO=$D BIN=$BIN sh "$CASEFILE/demo-nocapture.sh"

step "the claims table of alfa-2016 (the case with the capture; read-only rerun)"
custody claims "$D/case" "$CASEFILE/claims.ini"
printf '\nreport: %s/report/report.html\n' "$D"
printf 'bundle: %s/alfa-2016.tar (docs/verify-by-hand.md)\n' "$D"
